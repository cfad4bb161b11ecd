package org.walkaway.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.walkaway.core.Bytes;
import org.walkaway.core.Hash;
import org.walkaway.core.PublicKey;
import org.walkaway.core.Rejection;
import org.walkaway.core.Verdict;

class GossipCodecTest {
  private static final GossipCodec CODEC = GossipCodec.of(1024, 64);

  private static Bytes bytes(SplittableRandom random, int length) {
    byte[] data = new byte[length];
    random.nextBytes(data);
    return Bytes.of(data);
  }

  private static List<PublicKey> peers(SplittableRandom random) {
    List<PublicKey> peers = new ArrayList<>();
    for (int i = random.nextInt(9); i > 0; i--) {
      peers.add(new PublicKey(bytes(random, 32)));
    }
    return peers;
  }

  static GossipMessage randomMessage(SplittableRandom random) {
    TopicId topic = new TopicId(bytes(random, 32));
    return switch (random.nextInt(11)) {
      case 0 -> new GossipMessage.Join(topic);
      case 1 -> new GossipMessage.ForwardJoin(topic, new PublicKey(bytes(random, 32)), random.nextInt(0x10000));
      case 2 -> new GossipMessage.Neighbor(topic,
          random.nextBoolean() ? GossipMessage.Priority.HIGH : GossipMessage.Priority.LOW);
      case 3 -> new GossipMessage.NeighborReply(topic, random.nextBoolean());
      case 4 -> new GossipMessage.Disconnect(topic, random.nextBoolean());
      case 5 -> new GossipMessage.Shuffle(topic, new PublicKey(bytes(random, 32)), random.nextInt(7), peers(random));
      case 6 -> new GossipMessage.ShuffleReply(topic, peers(random));
      case 7 -> new GossipMessage.Gossip(topic, new Hash(bytes(random, 32)), random.nextInt(0x10000),
          bytes(random, random.nextInt(1025)));
      case 8 -> {
        List<GossipMessage.Announcement> announcements = new ArrayList<>();
        for (int i = random.nextInt(65); i > 0; i--) {
          announcements.add(new GossipMessage.Announcement(new Hash(bytes(random, 32)), random.nextInt(40)));
        }
        yield new GossipMessage.IHave(topic, announcements);
      }
      case 9 -> {
        List<Hash> ids = new ArrayList<>();
        for (int i = random.nextInt(65); i > 0; i--) {
          ids.add(new Hash(bytes(random, 32)));
        }
        yield new GossipMessage.Graft(topic, ids);
      }
      default -> new GossipMessage.Prune(topic);
    };
  }

  @RepeatedTest(200)
  void everyMessageRoundTrips(RepetitionInfo repetition) {
    long seed = 0xC0DEC + repetition.getCurrentRepetition();
    GossipMessage message = randomMessage(new SplittableRandom(seed));
    Bytes frame = CODEC.encode(message);
    assertEquals(Verdict.accepted(message), CODEC.decode(frame), "seed " + seed);
  }

  /** No strict prefix of a frame and no frame with a byte appended decodes. */
  @RepeatedTest(50)
  void truncatedAndPaddedFramesAreMalformed(RepetitionInfo repetition) {
    long seed = 0xBAD + repetition.getCurrentRepetition();
    SplittableRandom random = new SplittableRandom(seed);
    Bytes frame = CODEC.encode(randomMessage(random));
    Bytes prefix = frame.slice(0, random.nextInt(frame.length()));
    assertFalse(CODEC.decode(prefix).isAccepted(), "prefix of " + prefix.length() + ", seed " + seed);
    byte[] padded = java.util.Arrays.copyOf(frame.toArray(), frame.length() + 1);
    Verdict<GossipMessage> verdict = CODEC.decode(Bytes.of(padded));
    assertEquals(Rejection.Reason.MALFORMED, reason(verdict), "seed " + seed);
  }

  @Test
  void limitsVersionsAndUnknownValuesAreRejected() {
    TopicId topic = TopicId.fromName("t");
    Bytes tooBig = GossipCodec.of(2048, 64).encode(
        new GossipMessage.Gossip(topic, Hash.of(new byte[0]), 1, Bytes.of(new byte[1025])));
    assertEquals(Rejection.Reason.LIMIT_EXCEEDED, reason(CODEC.decode(tooBig)));
    assertThrows(IllegalArgumentException.class,
        () -> CODEC.encode(new GossipMessage.Gossip(topic, Hash.of(new byte[0]), 1, Bytes.of(new byte[1025]))));

    List<Hash> many = new ArrayList<>();
    for (int i = 0; i < 65; i++) {
      many.add(Hash.of(new byte[] {(byte) i}));
    }
    Bytes longList = GossipCodec.of(1024, 100).encode(new GossipMessage.Graft(topic, many));
    assertEquals(Rejection.Reason.LIMIT_EXCEEDED, reason(CODEC.decode(longList)));

    byte[] join = CODEC.encode(new GossipMessage.Join(topic)).toArray();
    join[0] = 2;
    assertEquals(Rejection.Reason.UNSUPPORTED_VERSION, reason(CODEC.decode(Bytes.of(join))));
    join[0] = 1;
    join[1] = 99;
    assertEquals(Rejection.Reason.MALFORMED, reason(CODEC.decode(Bytes.of(join))));

    byte[] disconnect = CODEC.encode(new GossipMessage.Disconnect(topic, true)).toArray();
    disconnect[disconnect.length - 1] = 2;
    assertEquals(Rejection.Reason.NON_CANONICAL, reason(CODEC.decode(Bytes.of(disconnect))));
    byte[] neighbor = CODEC.encode(new GossipMessage.Neighbor(topic, GossipMessage.Priority.LOW)).toArray();
    neighbor[neighbor.length - 1] = 7;
    assertEquals(Rejection.Reason.MALFORMED, reason(CODEC.decode(Bytes.of(neighbor))));
    assertEquals(Rejection.Reason.MALFORMED, reason(CODEC.decode(Bytes.EMPTY)));
  }

  @Test
  void theFormatIsStable() {
    TopicId topic = new TopicId(Bytes.of(new byte[32]));
    Bytes frame = CODEC.encode(new GossipMessage.Gossip(topic, new Hash(Bytes.of(new byte[32])), 258,
        Bytes.of(new byte[] {(byte) 0xAB})));
    assertEquals("0110" + "00".repeat(32) + "00".repeat(32) + "0102" + "00000001" + "ab", frame.toHex());
    assertEquals("0113" + "00".repeat(32), CODEC.encode(new GossipMessage.Prune(topic)).toHex());
  }

  private static Rejection.Reason reason(Verdict<GossipMessage> verdict) {
    return switch (verdict) {
      case Verdict.Accepted<GossipMessage> accepted -> null;
      case Verdict.Rejected<GossipMessage> rejected -> rejected.rejection().reason();
    };
  }
}
