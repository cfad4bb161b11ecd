package org.walkaway.auth;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.walkaway.core.Bytes;

/**
 * Refuses an invocation executed a second time: the same CID, or the same issuer and nonce (a
 * re-signed copy of a used invocation). Call {@link #admit} only after {@link ChainValidator}
 * accepted the invocation, just before running it. Single-threaded, like a processor.
 *
 * <p>Limit: entries are never forgotten; an application that runs very many invocations should give
 * them an {@code exp} and start a new guard per expiry window.
 */
public final class ReplayGuard {
  private final Set<Cid> seenCids = new HashSet<>();
  private final Set<List<Bytes>> seenNonces = new HashSet<>();

  /** An empty guard. */
  public ReplayGuard() {}

  /** Records the invocation, or says why it is a replay. */
  public Optional<UcanError> admit(Invocation invocation) {
    List<Bytes> issuerAndNonce = List.of(invocation.issuer().key().bytes(), invocation.nonce());
    if (seenCids.contains(invocation.cid())) {
      return Optional.of(new UcanError(ErrorName.REPLAYED, "invocation " + invocation.cid() + " was already executed"));
    }
    if (seenNonces.contains(issuerAndNonce)) {
      return Optional.of(new UcanError(ErrorName.REPLAYED, "nonce " + invocation.nonce().toHex()
          + " of " + invocation.issuer() + " was already used"));
    }
    seenCids.add(invocation.cid());
    seenNonces.add(issuerAndNonce);
    return Optional.empty();
  }
}
