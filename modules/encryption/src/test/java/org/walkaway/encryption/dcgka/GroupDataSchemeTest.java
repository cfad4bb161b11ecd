package org.walkaway.encryption.dcgka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.walkaway.core.Bytes;
import org.walkaway.core.LogId;
import org.walkaway.core.Verdict;
import org.walkaway.encryption.BodyContext;
import org.walkaway.encryption.EncryptionFailure;
import org.walkaway.encryption.dcgka.GroupHarness.Member;

/** The data scheme driven by DCGKA: catalogue items 20 (late joiner) and 16 (removal, data side). */
class GroupDataSchemeTest {
  private static final LogId LOG = LogId.ofTopic("group-data");

  private record Sealed(BodyContext context, Bytes ciphertext) {}

  private static Sealed seal(Member author, long seq, String text) {
    GroupDataScheme.SealedBody body = author.data.seal(LOG, seq, text.getBytes(StandardCharsets.UTF_8));
    return new Sealed(new BodyContext(author.key, LOG, seq, body.keyId()), body.ciphertext());
  }

  private static String open(Member reader, Sealed sealed) {
    return new String(reader.data.open(sealed.context(), sealed.ciphertext()).orElseThrow(), StandardCharsets.UTF_8);
  }

  private static Optional<EncryptionFailure> failure(Member reader, Sealed sealed) {
    Verdict<byte[]> verdict = reader.data.open(sealed.context(), sealed.ciphertext());
    return verdict instanceof Verdict.Rejected<byte[]> rejected ? EncryptionFailure.of(rejected.rejection()) : Optional.empty();
  }

  @Test
  void catalogue20_aLateJoinerWithHistoryReadsEverythingAndWithoutOnlyWhatFollows() {
    GroupHarness group = new GroupHarness(20, true);
    Member alice = group.newMember("alice");
    Member bob = group.newMember("bob");
    Member carol = group.newMember("carol");
    Member dave = group.newMember("dave");
    Member erin = group.newMember("erin");
    group.create(alice, bob, carol);
    group.deliverAll();
    Sealed first = seal(alice, 0, "before anyone joined");
    group.update(bob);
    group.deliverAll();
    Sealed second = seal(bob, 0, "after bob's update");
    assertEquals("before anyone joined", open(carol, first));

    group.addWithHistory(alice, dave, true);
    group.deliverAll();
    assertEquals("before anyone joined", open(dave, first));
    assertEquals("after bob's update", open(dave, second));

    group.addWithHistory(carol, erin, false);
    group.deliverAll();
    assertEquals(Optional.of(EncryptionFailure.UNKNOWN_KEY), failure(erin, first));
    assertEquals(Optional.of(EncryptionFailure.UNKNOWN_KEY), failure(erin, second));
    Sealed third = seal(bob, 1, "after erin joined");
    assertEquals("after erin joined", open(erin, third));
    assertEquals("after erin joined", open(dave, third));
    assertEquals("after erin joined", open(alice, third));
  }

  /** Catalogue 21: a far-future timestamp cannot pin anyone to a secret; each member seals with its own newest generation. */
  @Test
  void catalogue21_aFutureDatedSecretPinsNobody() {
    GroupHarness group = new GroupHarness(21, true);
    Member alice = group.newMember("alice");
    Member bob = group.newMember("bob");
    Member carol = group.newMember("carol");
    group.create(alice, bob, carol);
    group.deliverAll();
    // Bob's update travels in events dated a century ahead (a lying clock, or a malicious Bob).
    group.eventTime = GroupHarness.NOW.plus(java.time.Duration.ofDays(36_500));
    group.update(bob);
    group.deliverAll();
    group.eventTime = GroupHarness.NOW.plusSeconds(60);
    group.update(carol);
    group.deliverAll();
    Sealed sealed = seal(alice, 0, "under alice's own newest secret");
    assertEquals(GroupDataScheme.keyId(alice.key, alice.latest(alice.key).generation()), sealed.context().keyId());
    assertEquals("under alice's own newest secret", open(bob, sealed));
    Sealed fromCarol = seal(carol, 0, "carol's newest");
    assertEquals(GroupDataScheme.keyId(carol.key, carol.latest(carol.key).generation()), fromCarol.context().keyId());
  }

  @Test
  void aMalformedHistoryIsRefusedWithoutAllocatingWhatItAnnounces() {
    assertTrue(GroupDataScheme.decodeHistory(Bytes.EMPTY).orElseThrow().isEmpty());
    for (Bytes bad : new Bytes[] {Bytes.fromHex("010203"), Bytes.fromHex("7fffffff"), Bytes.fromHex("0000000109"), Bytes.fromHex("0000000000")}) {
      Verdict<?> verdict = GroupDataScheme.decodeHistory(bad);
      assertEquals(Optional.of(EncryptionFailure.MALFORMED),
          verdict instanceof Verdict.Rejected<?> rejected ? EncryptionFailure.of(rejected.rejection()) : Optional.empty(), bad.toHex());
    }
  }

  @Test
  void catalogue16_aRemovedMemberThatKeepsSyncingReadsNothingNew() {
    GroupHarness group = new GroupHarness(1616, true);
    Member alice = group.newMember("alice");
    Member bob = group.newMember("bob");
    Member carol = group.newMember("carol");
    group.create(alice, bob, carol);
    group.deliverAll();
    Sealed old = seal(bob, 0, "carol may read this");
    assertEquals("carol may read this", open(carol, old));

    group.remove(alice, carol);
    group.deliverAll();
    // Carol keeps receiving every control message and every ciphertext.
    for (Member author : new Member[] {alice, bob}) {
      Sealed fresh = seal(author, 10, "not for carol");
      assertEquals("not for carol", open(author == alice ? bob : alice, fresh));
      assertEquals(Optional.of(EncryptionFailure.UNKNOWN_KEY), failure(carol, fresh), author + "'s new body");
    }
    group.update(bob);
    group.deliverAll();
    Sealed later = seal(alice, 11, "still not for carol");
    assertEquals(Optional.of(EncryptionFailure.UNKNOWN_KEY), failure(carol, later));
    assertTrue(!carol.dcgka.isMember());
    // What she could read as a member she still can: that cannot be taken back.
    assertArrayEquals("carol may read this".getBytes(StandardCharsets.UTF_8),
        carol.data.open(old.context(), old.ciphertext()).orElseThrow());
  }
}
