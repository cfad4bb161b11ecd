package org.walkaway.encryption.dcgka;

import java.util.List;
import java.util.Set;
import org.walkaway.core.Hash;
import org.walkaway.core.PublicKey;
import org.walkaway.core.Verdict;

/**
 * What DCGKA needs to know about who is in the group: the paper's decentralised group membership
 * function (DGM) together with the acknowledgments that let it answer "who did member X think was
 * in the group when it sent its latest message?" ({@link #viewOf}). {@link AckedMembership} is the
 * built-in implementation; {@code streams} may plug another one in (for example one backed by
 * auth-groups), as long as it gives every member the same answers for the same operations.
 *
 * <p>Operations arrive in causal order. Implementations are single-threaded state, like DCGKA.
 */
public interface GroupMembership {

  /**
   * Records an operation. Refuses what a peer cannot legitimately send (an ack of an unknown
   * operation, a member acknowledging its own removal, a second creation).
   */
  Verdict<MembershipOperation> apply(MembershipOperation operation);

  /** True when {@code operation} is a recorded create, add or remove (not an update or an ack). */
  boolean isMembershipChange(Hash operation);

  /** The members according to every operation recorded here (the local member's own view). */
  Set<PublicKey> members();

  /**
   * The members according to the operations that {@code member} had sent or acknowledged: the
   * recipients it addressed in its latest control message (plus itself).
   */
  Set<PublicKey> viewOf(PublicKey member);

  /** Every operation recorded, in the order applied: what a welcome carries to a newcomer. */
  List<MembershipOperation> history();
}
