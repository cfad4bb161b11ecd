package org.walkaway.auth;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Where the validator looks up the delegations an invocation cites. Offline: no network behind it. */
@FunctionalInterface
public interface ProofStore {
  Optional<Delegation> find(Cid cid);

  /** A store of exactly these delegations, keyed by their CIDs. */
  static ProofStore of(Collection<Delegation> delegations) {
    Map<Cid, Delegation> byCid = delegations.stream()
        .collect(Collectors.toUnmodifiableMap(Delegation::cid, Function.identity(), (a, b) -> a));
    return cid -> Optional.ofNullable(byCid.get(cid));
  }

  static ProofStore empty() {
    return cid -> Optional.empty();
  }
}
