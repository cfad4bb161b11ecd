package org.walkaway.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.walkaway.core.testkit.RandomEvents;
import org.walkaway.core.testkit.TestHeaders;

/**
 * Properties of encoding and decoding over random events. Each case is one seed; a failure message
 * starts with the seed, and {@code new SplittableRandom(seed)} rebuilds the same event.
 */
class EventCodecPropertyTest {
  private static final long BASE_SEED = 0x5eed_2026_11L;

  static LongStream seeds() {
    return LongStream.range(0, 200).map(i -> BASE_SEED + i);
  }

  static LongStream fewSeeds() {
    return LongStream.range(0, 4).map(i -> BASE_SEED + 1000 + i);
  }

  private static Event randomEvent(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    return RandomEvents.event(random, RandomEvents.key(random));
  }

  private static Verdict<Event> decodeAsSent(Event event) {
    return EventCodec.decode(event.headerBytes(), event.body().map(Body::bytes));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void encodeThenDecodeGivesAnEqualEvent(long seed) {
    Event event = randomEvent(seed);
    Verdict<Event> verdict = decodeAsSent(event);
    assertEquals(Verdict.accepted(event), verdict, () -> "seed " + seed + ": " + event);
    Event decoded = verdict.orElseThrow();
    assertEquals(event.header(), decoded.header(), () -> "seed " + seed);
    assertEquals(EventCodec.encode(decoded.header()), decoded.headerBytes(), () -> "seed " + seed + ": re-encoding differs");
    assertEquals(
        Bytes.of(TestHeaders.encode(event.header())),
        event.headerBytes(),
        () -> "seed " + seed + ": an independent encoder disagrees");
    assertEquals(
        Verdict.accepted(event.withoutBody()),
        EventCodec.decode(event.headerBytes(), Optional.empty()),
        () -> "seed " + seed + ": without its body");
    event.header().extensions().ifPresent(
        extensions ->
            assertEquals(
                Verdict.accepted(extensions),
                Extensions.decode(extensions.encoded()),
                () -> "seed " + seed + ": extensions alone"));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void theIdIsBlake3OfTheBytesAsReceivedAndStable(long seed) {
    Event event = randomEvent(seed);
    byte[] received = event.headerBytes().toArray();
    Hash first = EventCodec.decode(received).orElseThrow().id();
    Hash second = EventCodec.decode(received.clone()).orElseThrow().id();
    assertEquals(first, second, () -> "seed " + seed);
    assertEquals(Hash.of(received), first, () -> "seed " + seed);
    assertEquals(event.id(), first, () -> "seed " + seed);
  }

  /** One random bit of the header flipped, per seed. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aRandomBitFlipInTheHeaderIsRejected(long seed) {
    Event event = randomEvent(seed);
    byte[] bytes = event.headerBytes().toArray();
    int bit = new SplittableRandom(seed ^ 0xb17L).nextInt(bytes.length * 8);
    bytes[bit / 8] ^= (byte) (1 << (bit % 8));
    Verdict<Event> verdict = EventCodec.decode(bytes);
    assertInstanceOf(
        Verdict.Rejected.class, verdict, () -> "seed " + seed + ", bit " + bit + ": " + verdict);
  }

  /**
   * Every bit of the header, for a few events. With canonical CBOR and a strict signature over all
   * of the header but the signature itself, no flip may give another valid event.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("fewSeeds")
  void everyBitFlipInTheHeaderIsRejected(long seed) {
    Event event = randomEvent(seed);
    byte[] original = event.headerBytes().toArray();
    for (int bit = 0; bit < original.length * 8; bit++) {
      byte[] bytes = original.clone();
      bytes[bit / 8] ^= (byte) (1 << (bit % 8));
      Verdict<Event> verdict = EventCodec.decode(bytes);
      int flipped = bit;
      assertInstanceOf(
          Verdict.Rejected.class,
          verdict,
          () -> "seed " + seed + ", bit " + flipped + " of " + original.length * 8 + ": " + verdict);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aRandomBitFlipInTheBodyIsAPayloadMismatch(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    SigningKey key = RandomEvents.key(random);
    byte[] payload = RandomEvents.bytes(random, random.nextInt(1, 300));
    Event event = EventBuilder.create().body(Body.of(payload)).sign(key);
    int bit = random.nextInt(payload.length * 8);
    byte[] body = payload.clone();
    body[bit / 8] ^= (byte) (1 << (bit % 8));
    assertPayloadMismatch(event, body, "seed " + seed + ", bit " + bit);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("fewSeeds")
  void everyBitFlipInABodyIsAPayloadMismatch(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] payload = RandomEvents.bytes(random, 24);
    Event event = EventBuilder.create().body(Body.of(payload)).sign(RandomEvents.key(random));
    for (int bit = 0; bit < payload.length * 8; bit++) {
      byte[] body = payload.clone();
      body[bit / 8] ^= (byte) (1 << (bit % 8));
      assertPayloadMismatch(event, body, "seed " + seed + ", bit " + bit);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("fewSeeds")
  void aBodyOfAnotherLengthIsAPayloadMismatch(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] payload = RandomEvents.bytes(random, 24);
    Event event = EventBuilder.create().body(Body.of(payload)).sign(RandomEvents.key(random));
    assertPayloadMismatch(event, java.util.Arrays.copyOf(payload, 23), "seed " + seed + ", shorter");
    assertPayloadMismatch(event, java.util.Arrays.copyOf(payload, 25), "seed " + seed + ", longer");
    assertPayloadMismatch(event, new byte[0], "seed " + seed + ", empty");
    Event empty = EventBuilder.create().sign(RandomEvents.key(random));
    assertPayloadMismatch(empty, new byte[] {0}, "seed " + seed + ", a body where none is declared");
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void eventsOfALogRoundTripAndChain(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    var log = RandomEvents.log(random, RandomEvents.key(random), RandomEvents.logId(random), 3);
    for (int i = 0; i < log.size(); i++) {
      Event event = log.get(i);
      assertEquals(Verdict.accepted(event), decodeAsSent(event), "seed " + seed + ", seq " + i);
      if (i > 0) {
        assertEquals(Optional.of(log.get(i - 1).id()), event.header().backlink(), "seed " + seed);
        assertEquals(log.get(0).logId(), event.logId(), "seed " + seed);
      }
    }
    assertNotEquals(log.get(0).id(), log.get(1).id(), "seed " + seed);
  }

  private static void assertPayloadMismatch(Event event, byte[] body, String context) {
    Verdict<Event> verdict = EventCodec.decode(event.headerBytes().toArray(), body);
    if (!(verdict instanceof Verdict.Rejected<Event>(Rejection rejection))) {
      throw new AssertionError(context + ": accepted a changed body");
    }
    assertEquals(Rejection.Reason.PAYLOAD_MISMATCH, rejection.reason(), () -> context + ": " + rejection);
  }
}
