package org.walkaway.encryption.dcgka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.walkaway.core.Hash;
import org.walkaway.core.PublicKey;
import org.walkaway.core.SigningKey;

/** The DGM rules of {@link AckedMembership}, operation by operation. */
class AckedMembershipTest {
  private final SplittableRandom random = new SplittableRandom(11);
  private final PublicKey a = SigningKey.generate(random).publicKey();
  private final PublicKey b = SigningKey.generate(random).publicKey();
  private final PublicKey c = SigningKey.generate(random).publicKey();
  private final PublicKey d = SigningKey.generate(random).publicKey();
  private final AckedMembership membership = new AckedMembership();

  private static Hash id(int n) {
    return Hash.of(new byte[] {(byte) n});
  }

  private void apply(MembershipOperation operation) {
    assertTrue(membership.apply(operation).isAccepted(), operation.toString());
  }

  @Test
  void viewsFollowWhatEachMemberAcknowledged() {
    apply(new MembershipOperation.Create(a, id(1), List.of(a, b, c)));
    apply(new MembershipOperation.Add(a, id(2), d));
    assertEquals(Set.of(a, b, c, d), membership.members());
    assertEquals(Set.of(a, b, c, d), membership.viewOf(a));
    assertEquals(Set.of(a, b, c, d), membership.viewOf(d), "the newcomer saw what its adder saw");
    assertEquals(Set.of(a, b, c), membership.viewOf(b), "b has not acknowledged the add");
    apply(new MembershipOperation.Ack(b, id(2)));
    assertEquals(Set.of(a, b, c, d), membership.viewOf(b));
  }

  @Test
  void aRemovalWinsOverTheAddsItSawAndAReAddAfterItCounts() {
    apply(new MembershipOperation.Create(a, id(1), List.of(a, b, c)));
    apply(new MembershipOperation.Remove(b, id(2), c));
    assertEquals(Set.of(a, b), membership.members());
    assertEquals(Set.of(a, b, c), membership.viewOf(a), "a has not acknowledged the removal yet");
    apply(new MembershipOperation.Ack(a, id(2)));
    apply(new MembershipOperation.Add(a, id(3), c));
    assertEquals(Set.of(a, b, c), membership.members(), "c re-added after its removal");
  }

  @Test
  void anAddConcurrentWithItsAddersRemovalDoesNotCount() {
    apply(new MembershipOperation.Create(a, id(1), List.of(a, b, c)));
    // c adds d while (concurrently) a removes c: a had not seen the add.
    apply(new MembershipOperation.Add(c, id(2), d));
    apply(new MembershipOperation.Remove(a, id(3), c));
    assertEquals(Set.of(a, b), membership.members(), "d came in through c's concurrent add");
    // An add by c that a had seen before removing c stays.
    AckedMembership other = new AckedMembership();
    other.apply(new MembershipOperation.Create(a, id(1), List.of(a, b, c)));
    other.apply(new MembershipOperation.Add(c, id(2), d));
    other.apply(new MembershipOperation.Ack(a, id(2)));
    other.apply(new MembershipOperation.Remove(a, id(3), c));
    assertEquals(Set.of(a, b, d), other.members());
  }

  @Test
  void refusesWhatNoHonestMemberSends() {
    apply(new MembershipOperation.Create(a, id(1), List.of(a, b, c)));
    assertFalse(membership.apply(new MembershipOperation.Create(b, id(9), List.of(b))).isAccepted(), "a second create");
    assertFalse(membership.apply(new MembershipOperation.Ack(b, id(7))).isAccepted(), "an ack of nothing known");
    apply(new MembershipOperation.Remove(a, id(2), c));
    assertFalse(membership.apply(new MembershipOperation.Ack(c, id(2))).isAccepted(), "c acknowledging its own removal");
    assertFalse(membership.apply(new MembershipOperation.Add(a, id(2), d)).isAccepted(), "a repeated id");
    assertEquals(2, membership.history().size(), "refused operations are not recorded");
  }
}
