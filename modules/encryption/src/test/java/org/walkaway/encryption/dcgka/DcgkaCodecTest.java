package org.walkaway.encryption.dcgka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.walkaway.core.Bytes;
import org.walkaway.core.Hash;
import org.walkaway.core.PublicKey;
import org.walkaway.core.SigningKey;
import org.walkaway.core.Verdict;
import org.walkaway.encryption.EncryptionFailure;
import org.walkaway.encryption.dcgka.GroupHarness.Member;

/** The DCGKA wire codec: round trips (the harness routes every message through it), canonicity, malformed input. */
class DcgkaCodecTest {

  /** Real messages of a small group's life, encoded. */
  private static List<Bytes> corpus(long seed) {
    GroupHarness group = new GroupHarness(seed);
    Member alice = group.newMember("alice");
    Member bob = group.newMember("bob");
    Member carol = group.newMember("carol");
    Member dave = group.newMember("dave");
    group.create(alice, bob, carol);
    group.deliverAll();
    group.add(alice, dave);
    group.update(bob);
    group.deliverAll();
    group.remove(carol, bob);
    group.deliverAll();
    List<Bytes> encoded = new ArrayList<>();
    for (GroupHarness.Broadcast broadcast : group.log) {
      encoded.add(DcgkaCodec.encode(broadcast.control()));
      broadcast.directs().values().forEach(direct -> encoded.add(DcgkaCodec.encode(direct)));
    }
    return encoded;
  }

  private static Verdict<?> decodeAny(Bytes bytes) {
    Verdict<?> control = DcgkaCodec.decodeControl(bytes);
    return control.isAccepted() ? control : DcgkaCodec.decodeDirect(bytes);
  }

  private static Bytes reencode(Object decoded) {
    return decoded instanceof ControlMessage control ? DcgkaCodec.encode(control) : DcgkaCodec.encode((DirectMessage) decoded);
  }

  @Test
  void everyMessageOfAGroupsLifeRoundTrips() {
    List<Bytes> corpus = corpus(5);
    assertTrue(corpus.size() > 15, "corpus of " + corpus.size());
    for (Bytes encoded : corpus) {
      Verdict<?> decoded = decodeAny(encoded);
      assertTrue(decoded.isAccepted(), decoded.toString());
      assertEquals(encoded, reencode(decoded.orElseThrow()));
    }
  }

  /** Every truncation and random byte change is either refused as MALFORMED or decodes to a message that encodes to exactly those bytes. */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void mutatedInputIsRefusedOrCanonical(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    for (Bytes encoded : corpus(seed)) {
      byte[] original = encoded.toArray();
      for (int trial = 0; trial < 40; trial++) {
        byte[] mutated;
        if (trial % 4 == 0) {
          mutated = java.util.Arrays.copyOf(original, random.nextInt(original.length));
        } else {
          mutated = original.clone();
          mutated[random.nextInt(mutated.length)] ^= (byte) (1 + random.nextInt(255));
        }
        Bytes input = Bytes.of(mutated);
        Verdict<?> verdict = decodeAny(input);
        if (verdict instanceof Verdict.Rejected<?> rejected) {
          assertEquals(EncryptionFailure.MALFORMED, EncryptionFailure.of(rejected.rejection()).orElseThrow(), "seed " + seed);
        } else {
          assertEquals(input, reencode(verdict.orElseThrow()), "a non-canonical input was accepted, seed " + seed);
        }
      }
    }
  }

  @Test
  void unsortedOrDuplicateMembersAreRefused() {
    SplittableRandom random = new SplittableRandom(9);
    PublicKey a = SigningKey.generate(random).publicKey();
    PublicKey b = SigningKey.generate(random).publicKey();
    PublicKey low = a.compareTo(b) < 0 ? a : b;
    PublicKey high = low.equals(a) ? b : a;
    Bytes sorted = DcgkaCodec.encode(new ControlMessage.Create(List.of(low, high)));
    byte[] swapped = sorted.toArray();
    // [16, [low, high]]: swap the two 32-byte strings (each after a 2-byte head).
    int first = swapped.length - 2 * 34 + 2;
    int second = first + 34;
    byte[] lowBytes = java.util.Arrays.copyOfRange(swapped, first, first + 32);
    System.arraycopy(swapped, second, swapped, first, 32);
    System.arraycopy(lowBytes, 0, swapped, second, 32);
    assertFalse(DcgkaCodec.decodeControl(Bytes.of(swapped)).isAccepted());
    byte[] duplicate = sorted.toArray();
    System.arraycopy(duplicate, first, duplicate, second, 32);
    assertFalse(DcgkaCodec.decodeControl(Bytes.of(duplicate)).isAccepted());
    assertEquals(new ControlMessage.Create(List.of(low, high)), DcgkaCodec.decodeControl(sorted).orElseThrow());
  }

  @Test
  void anAckRoundTripsAndTrailingBytesAreRefused() {
    Hash id = Hash.of(new byte[] {1, 2, 3});
    Bytes encoded = DcgkaCodec.encode(new ControlMessage.Ack(id));
    assertEquals(new ControlMessage.Ack(id), DcgkaCodec.decodeControl(encoded).orElseThrow());
    byte[] longer = java.util.Arrays.copyOf(encoded.toArray(), encoded.length() + 1);
    assertFalse(DcgkaCodec.decodeControl(Bytes.of(longer)).isAccepted());
  }
}
