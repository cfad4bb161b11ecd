package org.walkaway.auth;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The revocations a peer knows of: a grow-only set CRDT of signed {@link Revocation}s, keyed by their
 * own CIDs. Immutable; {@link #with} and {@link #merge} return new sets. Merge is set union, so it is
 * commutative, associative and idempotent, and peers that have exchanged the same revocations agree,
 * whatever the order of arrival. Revocations spread like events, and one that arrives before the
 * delegation it names is simply kept until a chain uses that delegation.
 *
 * <p>Every signed revocation is kept, but it only takes effect on link {@code i} of a chain if its
 * revoker issued link {@code i} or a link above it (closer to the root): the principals whose
 * authority flows through that link. A revocation by anyone else (Mallory) has no effect. A revoked
 * delegation blocks only chains through it: another chain, or the same grant re-issued with a new
 * nonce (hence a new CID), still works.
 */
public final class RevocationSet {
  private static final RevocationSet EMPTY = new RevocationSet(new TreeMap<>());

  private final Map<Cid, Revocation> byCid;

  private RevocationSet(TreeMap<Cid, Revocation> byCid) {
    this.byCid = Collections.unmodifiableMap(byCid);
  }

  public static RevocationSet empty() {
    return EMPTY;
  }

  public static RevocationSet of(Collection<Revocation> revocations) {
    TreeMap<Cid, Revocation> map = new TreeMap<>();
    for (Revocation r : revocations) {
      map.put(r.cid(), r);
    }
    return new RevocationSet(map);
  }

  public RevocationSet with(Revocation revocation) {
    Objects.requireNonNull(revocation, "revocation");
    if (byCid.containsKey(revocation.cid())) {
      return this;
    }
    TreeMap<Cid, Revocation> map = new TreeMap<>(byCid);
    map.put(revocation.cid(), revocation);
    return new RevocationSet(map);
  }

  /** The union of both sets. */
  public RevocationSet merge(RevocationSet other) {
    if (other.byCid.isEmpty() || byCid.keySet().containsAll(other.byCid.keySet())) {
      return this;
    }
    TreeMap<Cid, Revocation> map = new TreeMap<>(byCid);
    map.putAll(other.byCid);
    return new RevocationSet(map);
  }

  public boolean contains(Revocation revocation) {
    return byCid.containsKey(revocation.cid());
  }

  public int size() {
    return byCid.size();
  }

  /** All revocations, ordered by their CIDs. */
  public List<Revocation> revocations() {
    return List.copyOf(byCid.values());
  }

  /**
   * The revocation that invalidates link {@code index} of {@code chain} (root first), if any: one
   * naming that link's CID, signed by the issuer of that link or of a link above it.
   */
  public Optional<Revocation> revocationOf(List<Delegation> chain, int index) {
    Cid target = chain.get(index).cid();
    for (Revocation r : byCid.values()) {
      if (r.revoked().equals(target)) {
        for (int i = 0; i <= index; i++) {
          if (chain.get(i).issuer().equals(r.revoker())) {
            return Optional.of(r);
          }
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RevocationSet other && other.byCid.keySet().equals(byCid.keySet());
  }

  @Override
  public int hashCode() {
    return byCid.keySet().hashCode();
  }

  @Override
  public String toString() {
    return "RevocationSet" + byCid.keySet();
  }
}
