package org.walkaway.encryption.dcgka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.walkaway.core.PublicKey;
import org.walkaway.encryption.dcgka.GroupHarness.Member;

/** DCGKA scenarios with 3-5 members over the in-test causal broadcast. */
class DcgkaTest {

  /** Every current member holds the same newest update secret for every current member. */
  static void assertAgree(GroupHarness group) {
    List<Member> current = group.currentMembers();
    Set<PublicKey> keys = current.stream().map(m -> m.key).collect(Collectors.toSet());
    for (Member member : current) {
      assertEquals(keys, member.dcgka.members(), member + "'s view, seed " + group.seed);
    }
    for (Member sender : current) {
      UpdateSecret expected = current.getFirst().latest(sender.key);
      for (Member member : current) {
        assertEquals(expected, member.latest(sender.key),
            member + " disagrees on " + sender + "'s newest secret, seed " + group.seed);
        // And on every generation both hold.
        member.secrets.get(sender.key).forEach((generation, secret) -> {
          UpdateSecret other = current.getFirst().secrets.get(sender.key).get(generation);
          if (other != null) {
            assertEquals(other, secret, "generation " + generation + " of " + sender + ", seed " + group.seed);
          }
        });
      }
    }
  }

  @Test
  void aCreatedGroupAgreesOnEveryMembersSecret() {
    GroupHarness group = new GroupHarness(1);
    Member alice = group.newMember("alice");
    Member bob = group.newMember("bob");
    Member carol = group.newMember("carol");
    group.create(alice, bob, carol);
    group.deliverAll();
    assertAgree(group);
    assertEquals(3, alice.secrets.size());
  }

  @Test
  void anUpdateGivesEveryMemberAFreshSecret() {
    GroupHarness group = new GroupHarness(2);
    Member alice = group.newMember("alice");
    Member bob = group.newMember("bob");
    Member carol = group.newMember("carol");
    group.create(alice, bob, carol);
    group.deliverAll();
    UpdateSecret before = carol.latest(bob.key);
    group.update(bob);
    group.deliverAll();
    assertAgree(group);
    assertTrue(carol.latest(bob.key).generation() > before.generation());
    assertFalse(carol.latest(bob.key).equals(before));
  }

  @Test
  void aNewcomerGetsEveryMembersCurrentSecret() {
    GroupHarness group = new GroupHarness(3);
    Member alice = group.newMember("alice");
    Member bob = group.newMember("bob");
    Member carol = group.newMember("carol");
    Member dave = group.newMember("dave");
    group.create(alice, bob, carol);
    group.deliverAll();
    group.add(alice, dave);
    group.deliverAll();
    assertAgree(group);
    group.update(dave);
    group.deliverAll();
    assertAgree(group);
  }

  /** Catalogue 16: after remove(C) nothing new is derivable by C, and C's concurrent update does not re-admit it. */
  @Test
  void catalogue16_aRemovedMemberGetsNothingNewEvenWithAConcurrentUpdate() {
    GroupHarness group = new GroupHarness(16);
    Member alice = group.newMember("alice");
    Member bob = group.newMember("bob");
    Member carol = group.newMember("carol");
    Member dave = group.newMember("dave");
    group.create(alice, bob, carol, dave);
    group.deliverAll();
    // Concurrently: Alice removes Carol; Carol updates (and keeps receiving everything afterwards).
    group.remove(alice, carol);
    group.update(carol);
    group.deliverAll();
    assertFalse(carol.dcgka.isMember());
    assertAgree(group);
    for (Member member : group.currentMembers()) {
      assertFalse(member.dcgka.members().contains(carol.key), member + " re-admitted carol");
    }
    Set<UpdateSecret> carolKnows = Set.copyOf(carol.derivedInOrder);
    // Every secret of a remaining member now newest is unknown to Carol...
    for (Member sender : group.currentMembers()) {
      assertFalse(carolKnows.contains(bob.latest(sender.key)), "carol knows " + sender + "'s newest secret");
    }
    // ... and so is everything derived after further operations.
    int mark = bob.derivedInOrder.size();
    group.update(bob);
    group.update(dave);
    group.deliverAll();
    assertAgree(group);
    for (UpdateSecret secret : bob.derivedInOrder.subList(mark, bob.derivedInOrder.size())) {
      assertFalse(carolKnows.contains(secret), "carol knows " + secret);
    }
  }

  /** Catalogue 17, add + update: whoever processed the add before the update forwards; nobody else does. */
  @Test
  void catalogue17_concurrentAddAndUpdateForwardExactlyWhenNeeded() {
    GroupHarness group = new GroupHarness(17);
    Member alice = group.newMember("alice");
    Member bob = group.newMember("bob");
    Member carol = group.newMember("carol");
    Member dave = group.newMember("dave");
    group.create(alice, bob, carol);
    group.deliverAll();
    GroupHarness.Broadcast add = group.add(alice, dave);
    GroupHarness.Broadcast update = group.update(bob);
    // Carol sees the add first, Bob (the updater) sees the add after his update; Alice added Dave before.
    group.deliver(carol, add);
    Dcgka.Outcome carolAck = group.deliver(carol, update);
    Dcgka.Outcome aliceAck = group.deliver(alice, update);
    Dcgka.Outcome bobAddAck = group.deliver(bob, add);
    assertEquals(List.of(dave.key), recipients(carolAck), "carol knew dave, bob did not: carol forwards");
    assertEquals(List.of(dave.key), recipients(aliceAck), "alice added dave: she forwards");
    assertEquals(List.of(dave.key), recipients(bobAddAck), "bob's add-ack carries his ratchet (already updated) to dave");
    assertTrue(bobAddAck.directMessages().getFirst() instanceof DirectMessage.Forward);
    group.deliverAll();
    assertAgree(group);

    // Other order at Carol: the update before the add, so Carol's ratchet already holds it: no forward.
    GroupHarness other = new GroupHarness(170);
    Member a = other.newMember("alice");
    Member b = other.newMember("bob");
    Member c = other.newMember("carol");
    Member d = other.newMember("dave");
    other.create(a, b, c);
    other.deliverAll();
    GroupHarness.Broadcast add2 = other.add(a, d);
    GroupHarness.Broadcast update2 = other.update(b);
    Dcgka.Outcome carolAck2 = other.deliver(c, update2);
    assertEquals(List.of(), recipients(carolAck2), "carol processed the update before knowing dave: no forward");
    other.deliver(c, add2);
    other.deliverAll();
    assertAgree(other);
  }

  @Test
  void catalogue17_concurrentAddAndRemove() {
    for (long seed = 0; seed < 20; seed++) {
      GroupHarness group = new GroupHarness(1700 + seed);
      Member alice = group.newMember("alice");
      Member bob = group.newMember("bob");
      Member carol = group.newMember("carol");
      Member dave = group.newMember("dave");
      group.create(alice, bob, carol);
      group.deliverAll();
      group.add(alice, dave);
      group.remove(bob, carol);
      group.deliverAll();
      assertAgree(group);
      assertTrue(dave.dcgka.isMember(), "seed " + group.seed);
      assertFalse(carol.dcgka.isMember(), "seed " + group.seed);
    }
  }

  @Test
  void catalogue17_concurrentAddAndAdd() {
    for (long seed = 0; seed < 20; seed++) {
      GroupHarness group = new GroupHarness(17_000 + seed);
      Member alice = group.newMember("alice");
      Member bob = group.newMember("bob");
      Member carol = group.newMember("carol");
      Member dave = group.newMember("dave");
      group.create(alice, bob);
      group.deliverAll();
      group.add(alice, carol);
      group.add(bob, dave);
      group.deliverAll();
      assertAgree(group);
      assertEquals(4, group.currentMembers().size(), "seed " + group.seed);
    }
  }

  @Test
  void twoMembersAddingTheSameNewcomerConcurrentlyConverge() {
    for (long seed = 0; seed < 20; seed++) {
      GroupHarness group = new GroupHarness(1900 + seed);
      Member alice = group.newMember("alice");
      Member bob = group.newMember("bob");
      Member carol = group.newMember("carol");
      Member dave = group.newMember("dave");
      group.create(alice, bob, carol);
      group.deliverAll();
      group.add(alice, dave);
      group.add(bob, dave);
      group.deliverAll();
      assertAgree(group);
      group.update(dave);
      group.update(carol);
      group.deliverAll();
      assertAgree(group);
    }
  }

  /** Catalogue 19 (PCS heal): a snapshot of Bob's state predicts nothing once Bob updated and the acks are processed. */
  @Test
  void catalogue19_aStateSnapshotPredictsNothingAfterTheMemberUpdates() {
    GroupHarness group = new GroupHarness(19);
    Member alice = group.newMember("alice");
    Member bob = group.newMember("bob");
    Member carol = group.newMember("carol");
    Member dave = group.newMember("dave");
    group.create(alice, bob, carol);
    group.deliverAll();
    Dcgka.StateSnapshot stolen = bob.dcgka.snapshotForTest();

    // Without a heal, the snapshot predicts: Alice adds Dave, stepping her ratchet with constants.
    int mark = carol.derivedInOrder.size();
    group.add(alice, dave);
    group.deliverAll();
    Set<String> predicted = predict(stolen, group);
    assertTrue(carol.derivedInOrder.subList(mark, carol.derivedInOrder.size()).stream().anyMatch(s -> predicted.contains(hex(s))),
        "the attack model should predict secrets derived from constants");

    // Bob updates; once the acks are processed, nothing derived afterwards is predictable.
    group.update(bob);
    group.deliverAll();
    Dcgka.StateSnapshot stolenAgain = stolen;
    Set<String> stillPredicted = predict(stolenAgain, group);
    for (Member sender : group.currentMembers()) {
      assertFalse(stillPredicted.contains(hex(carol.latest(sender.key))), sender + "'s newest secret is predictable");
    }
  }

  @Test
  void aBrokenOrMisroutedSeedIsRefusedWithAReason() {
    GroupHarness group = new GroupHarness(30);
    Member alice = group.newMember("alice");
    Member bob = group.newMember("bob");
    Member carol = group.newMember("carol");
    group.create(alice, bob, carol);
    group.deliverAll();
    GroupHarness.Broadcast update = group.update(alice);
    DirectMessage forBob = update.directs().get(bob.key);
    DirectMessage forCarol = update.directs().get(carol.key);

    assertEquals(java.util.Optional.of(org.walkaway.encryption.EncryptionFailure.MALFORMED),
        failure(bob.dcgka.receive(new Dcgka.Received(update.id(), alice.key, update.control(), java.util.Optional.empty()))),
        "an update without the seed for bob");
    assertEquals(java.util.Optional.of(org.walkaway.encryption.EncryptionFailure.MALFORMED),
        failure(bob.dcgka.receive(new Dcgka.Received(update.id(), alice.key, update.control(), java.util.Optional.of(forCarol)))),
        "carol's seed handed to bob");
    org.walkaway.encryption.ChannelMessage.Regular sealed = (org.walkaway.encryption.ChannelMessage.Regular) forBob.sealed().message();
    byte[] flipped = sealed.ciphertext().toArray();
    flipped[0] ^= 1;
    DirectMessage tampered = new DirectMessage.Seed(bob.key, new DirectMessage.Sealed(forBob.sealed().initiator(),
        new org.walkaway.encryption.ChannelMessage.Regular(sealed.counter(), sealed.recipientKey(), sealed.nextKey(), sealed.enc(),
            org.walkaway.core.Bytes.of(flipped))));
    assertEquals(java.util.Optional.of(org.walkaway.encryption.EncryptionFailure.AUTHENTICATION_FAILED),
        failure(bob.dcgka.receive(new Dcgka.Received(update.id(), alice.key, update.control(), java.util.Optional.of(tampered)))));
    // The genuine message still goes through afterwards, and the group converges.
    group.deliverAll();
    assertAgree(group);
  }

  /** A refused message changes nothing: the genuine one is processed afterwards as if the bad one never came. */
  @Test
  void aRemovalRefusedForItsMissingSeedLeavesNoTrace() {
    GroupHarness group = new GroupHarness(31);
    Member alice = group.newMember("alice");
    Member bob = group.newMember("bob");
    Member carol = group.newMember("carol");
    Member dave = group.newMember("dave");
    group.create(alice, bob, carol, dave);
    group.deliverAll();
    GroupHarness.Broadcast removal = group.remove(alice, dave);
    DirectMessage seedForBob = removal.directs().get(bob.key);
    assertFalse(bob.dcgka.receive(new Dcgka.Received(removal.id(), alice.key, removal.control(), java.util.Optional.empty())).isAccepted());
    assertTrue(bob.dcgka.members().contains(dave.key), "the refused removal was not recorded");
    DirectMessage wrongKind = new DirectMessage.Forward(bob.key, seedForBob.sealed());
    assertFalse(bob.dcgka.receive(new Dcgka.Received(removal.id(), alice.key, removal.control(), java.util.Optional.of(wrongKind))).isAccepted());
    group.deliverAll();
    assertAgree(group);
    assertFalse(bob.dcgka.members().contains(dave.key));
  }

  private static java.util.Optional<org.walkaway.encryption.EncryptionFailure> failure(org.walkaway.core.Verdict<?> verdict) {
    return verdict instanceof org.walkaway.core.Verdict.Rejected<?> rejected
        ? org.walkaway.encryption.EncryptionFailure.of(rejected.rejection()) : java.util.Optional.empty();
  }

  /** Secrets reachable from a snapshot in up to three ratchet steps with every input it knows. */
  private static Set<String> predict(Dcgka.StateSnapshot snapshot, GroupHarness group) {
    List<byte[]> inputs = new java.util.ArrayList<>(snapshot.memberSecrets());
    inputs.add(Dcgka.WELCOME_INPUT);
    inputs.add(Dcgka.ADD_INPUT);
    Set<String> predicted = new java.util.HashSet<>();
    snapshot.chains().forEach((member, chain) -> {
      List<byte[]> frontier = List.of(chain);
      for (int depth = 0; depth < 3; depth++) {
        List<byte[]> next = new java.util.ArrayList<>();
        for (byte[] state : frontier) {
          for (byte[] input : inputs) {
            byte[][] step = Dcgka.ratchetStepForTest(member, state, input);
            predicted.add(org.walkaway.core.Bytes.of(step[0]).toHex());
            next.add(step[1]);
          }
        }
        frontier = next;
      }
    });
    return predicted;
  }

  private static String hex(UpdateSecret secret) {
    return org.walkaway.core.Bytes.of(secret.secret().bytes(org.walkaway.core.InsecureSecretAccess.get())).toHex();
  }

  private static List<PublicKey> recipients(Dcgka.Outcome outcome) {
    return outcome.directMessages().stream().map(DirectMessage::recipient).toList();
  }
}
