package org.walkaway.encryption.dcgka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.walkaway.core.Bytes;
import org.walkaway.core.LogId;
import org.walkaway.core.Verdict;
import org.walkaway.encryption.EncryptionFailure;
import org.walkaway.encryption.MessageScheme;
import org.walkaway.encryption.RatchetLimits;
import org.walkaway.encryption.dcgka.GroupHarness.Member;

/**
 * The hook between DCGKA and the message scheme: every {@link UpdateSecret} a member derives seeds
 * a ratchet through {@link MessageScheme#seed} (its own the sending chain, another sender's a
 * receiving chain; {@code GroupDecryptor.keyArrived} calls it too). This runs
 * real DCGKA groups (the DCGKA tests' harness, sequential operations) and checks that members read
 * each other, that a removed member reads nothing new, and that a newcomer reads nothing from before.
 */
class MessageSchemeOverDcgkaTest {
  static final LogId CHAT = LogId.ofTopic("chat");

  /** Each member's message scheme, fed with the update secrets its DCGKA derived so far. */
  private final Map<Member, MessageScheme> schemes = new HashMap<>();
  private final Map<Member, Integer> fed = new HashMap<>();
  private final Map<Member, Long> seq = new HashMap<>();
  private final SplittableRandom nonces = new SplittableRandom(62);

  /** The adapter: hands the secrets a member derived since the last call to its message scheme. */
  private MessageScheme feed(Member member) {
    MessageScheme scheme = schemes.computeIfAbsent(member, m -> new MessageScheme(m.key, RatchetLimits.DEFAULT));
    List<UpdateSecret> derived = member.derivedInOrder;
    for (int i = fed.getOrDefault(member, 0); i < derived.size(); i++) {
      UpdateSecret secret = derived.get(i);
      assertTrue(scheme.seed(secret.sender(), secret.generation(), secret.secret()), member + " got " + secret + " twice");
    }
    fed.put(member, derived.size());
    return scheme;
  }

  private record Sealed(Member author, long seqNum, Bytes body) {}

  private Sealed say(Member author, String text) {
    long n = seq.merge(author, 1L, Long::sum) - 1;
    return new Sealed(author, n, feed(author).seal(CHAT, n, text.getBytes(StandardCharsets.UTF_8), nonces));
  }

  private Verdict<byte[]> read(Member reader, Sealed sealed) {
    return feed(reader).open(sealed.author().key, CHAT, sealed.seqNum(), sealed.body());
  }

  private static EncryptionFailure failure(Verdict<byte[]> verdict) {
    return EncryptionFailure.of(((Verdict.Rejected<byte[]>) verdict).rejection()).orElseThrow();
  }

  @Test
  void membersReadEachOtherTheRemovedReadNothingNewAndTheNewcomerNothingOld() {
    GroupHarness group = new GroupHarness(61);
    Member alice = group.newMember("alice");
    Member bob = group.newMember("bob");
    Member carol = group.newMember("carol");
    group.create(alice, bob, carol);
    group.deliverAll();

    for (Member author : List.of(alice, bob, carol)) {
      Sealed sealed = say(author, "hello from " + author);
      for (Member reader : List.of(alice, bob, carol)) {
        if (reader != author) {
          assertEquals("hello from " + author, new String(read(reader, sealed).orElseThrow(), StandardCharsets.UTF_8),
              reader + " reading " + author);
        }
      }
    }

    group.remove(alice, carol);
    group.deliverAll();
    Sealed afterRemoval = say(alice, "carol is gone");
    Sealed bobAfter = say(bob, "bob after the removal");
    assertTrue(read(bob, afterRemoval).isAccepted());
    assertTrue(read(alice, bobAfter).isAccepted());
    assertEquals(EncryptionFailure.UNKNOWN_KEY, failure(read(carol, afterRemoval)), "catalogue 16: the removed member reads nothing new");
    assertEquals(EncryptionFailure.UNKNOWN_KEY, failure(read(carol, bobAfter)));

    Sealed beforeDave = say(bob, "before dave");
    Member dave = group.newMember("dave");
    group.add(alice, dave);
    group.deliverAll();
    Sealed afterDave = say(bob, "after dave");
    assertEquals("after dave", new String(read(dave, afterDave).orElseThrow(), StandardCharsets.UTF_8));
    assertEquals(EncryptionFailure.UNKNOWN_KEY, failure(read(dave, beforeDave)), "catalogue 20: no history before the join");
    assertEquals(MessageScheme.KeyStatus.GONE, schemes.get(dave).status(bob.key, 0));
    assertTrue(read(alice, afterDave).isAccepted());
  }
}
