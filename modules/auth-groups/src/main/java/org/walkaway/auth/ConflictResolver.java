package org.walkaway.auth;

import java.util.Objects;

/**
 * How {@link Groups} resolves an operation that is concurrent with a revocation (a remove or a
 * demote) taking away the authority that operation needs. Pluggable; two rules ship.
 *
 * <p>What both rules share, and what is not pluggable: an operation is checked at its causal
 * position (the operations it causally follows); an operation concurrent with a revocation of its
 * author's authority is filtered unless the resolver {@linkplain #keepsConcurrent keeps} it; and an
 * operation whose authority came from a filtered one is itself invalid (transitively).
 *
 * <p>A <em>conflict cycle</em> is a cycle in the graph whose edges go from an operation's author to
 * its target member: every remove and demote, and every add or promote made concurrently with a
 * revocation of its author (a contested delegation); a group also points at its members. "A removes
 * B, B removes C, C removes A" is one; so is "A removes B, B removes C, C adds D, D removes A".
 */
public interface ConflictResolver {

  /**
   * Strong removal (the default): a removal always wins. An operation concurrent with a revocation
   * of its author is filtered, except a revocation that lies on a conflict cycle with it: mutual or
   * cyclic concurrent removals all take effect, and everyone in the cycle is out (two managers who
   * remove or demote each other concurrently freeze the group). A cycle closed through a delegation
   * counts too: "A removes B, B removes C, C adds D, D removes A" leaves A, B, C and D out (C's add is
   * filtered, so D never joins, but D's removal of A on the cycle is {@linkplain
   * #honoursCycleThroughDelegation honoured}).
   */
  ConflictResolver STRONG_REMOVAL = new ConflictResolver() {
    @Override
    public boolean dropsCyclicRevocation(Conflict self) {
      return false;
    }

    @Override
    public boolean honoursCycleThroughDelegation() {
      return true;
    }

    @Override
    public boolean keepsConcurrent(Conflict conflict) {
      return conflict.concurrent().action().revokes() && conflict.cyclic();
    }

    @Override
    public String toString() {
      return "strong removal";
    }
  };

  /**
   * Seniority: inside a conflict cycle, a revocation of a member more senior than its author is
   * dropped, and a revocation concurrent with the revocation of its own author survives only if its
   * author is more senior. Seniority is the position of the first operation that added the member
   * to the group (a re-add does not reset it; the founder is the most senior; ties by member).
   * Outside cycles it behaves as strong removal.
   */
  ConflictResolver SENIORITY = new ConflictResolver() {
    @Override
    public boolean dropsCyclicRevocation(Conflict self) {
      return self.concurrentAuthorSeniority() < self.revokerSeniority();
    }

    @Override
    public boolean honoursCycleThroughDelegation() {
      return false;
    }

    @Override
    public boolean keepsConcurrent(Conflict conflict) {
      return conflict.concurrent().action().revokes() && conflict.cyclic()
          && conflict.concurrentAuthorSeniority() < conflict.revokerSeniority();
    }

    @Override
    public String toString() {
      return "seniority";
    }
  };

  /**
   * Whether a revocation on a conflict cycle is ignored before anything else. In {@code self},
   * {@code concurrent} is the revocation itself and {@code concurrentAuthorSeniority} is the
   * seniority of the member it revokes.
   */
  boolean dropsCyclicRevocation(Conflict self);

  /**
   * Whether a revocation on a conflict cycle takes effect even when its author's authority came
   * from an operation the cycle filtered: in "A removes B, B removes C, C adds D, D removes A", C's
   * add of D is filtered (C was removed concurrently), yet D's removal of A lies on the cycle.
   * Strong removal honours it (everyone on the cycle is out, as in any cycle of removals; the
   * revocation can only take authority away, and C could as well have removed A directly);
   * seniority does not (D is the most junior, so the founder stays).
   */
  boolean honoursCycleThroughDelegation();

  /** Whether {@code conflict.concurrent()} still counts although {@code conflict.revocation()} revokes its author. */
  boolean keepsConcurrent(Conflict conflict);

  /**
   * A revocation and an operation concurrent with it whose authority it would take away.
   *
   * @param revocation the remove or demote
   * @param concurrent the other operation
   * @param cyclic whether the two lie on one conflict cycle
   * @param revokerSeniority the seniority of the revocation's author in its group (lower is more senior)
   * @param concurrentAuthorSeniority the seniority of the other operation's author in the same group
   */
  record Conflict(GroupOperation revocation, GroupOperation concurrent, boolean cyclic,
      long revokerSeniority, long concurrentAuthorSeniority) {
    public Conflict {
      Objects.requireNonNull(revocation, "revocation");
      Objects.requireNonNull(concurrent, "concurrent");
    }
  }
}
