package org.walkaway.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.walkaway.core.testkit.Cbor.array;
import static org.walkaway.core.testkit.Cbor.bytes;
import static org.walkaway.core.testkit.Cbor.concat;
import static org.walkaway.core.testkit.Cbor.mapAsGiven;
import static org.walkaway.core.testkit.Cbor.negative;
import static org.walkaway.core.testkit.Cbor.raw;
import static org.walkaway.core.testkit.Cbor.text;
import static org.walkaway.core.testkit.Cbor.uint;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.walkaway.core.Rejection.Reason;
import org.walkaway.core.testkit.Cbor;
import org.walkaway.core.testkit.RandomEvents;

/** {@link Extensions} on their own: the builder, the layout rules, and decoding of hostile items. */
class ExtensionsTest {
  private static final byte[] VERSION_ENTRY_KEY = uint(0);
  private static final byte[] VERSION_ONE = uint(1);
  private static final Hash A = Hash.fromBytes(filled(0x0a));
  private static final Hash B = Hash.fromBytes(filled(0x0b));

  private static byte[] filled(int value) {
    byte[] out = new byte[32];
    java.util.Arrays.fill(out, (byte) value);
    return out;
  }

  private static Verdict<Extensions> decode(byte[] item) {
    return Extensions.decode(Bytes.of(item));
  }

  private static Rejection.Reason rejectionReason(Verdict<?> verdict, String context) {
    if (verdict instanceof Verdict.Rejected<?>(Rejection rejection)) {
      return rejection.reason();
    }
    throw new AssertionError(context + ": expected a rejection, got " + verdict);
  }

  private static void assertRejected(Reason expected, byte[] item, String context) {
    Verdict<Extensions> verdict;
    try {
      verdict = decode(item);
    } catch (Throwable t) {
      throw new AssertionError(context + ": threw instead of rejecting", t);
    }
    assertEquals(expected, rejectionReason(verdict, context), () -> context + ": " + verdict);
  }

  @Test
  void theBuilderWritesEveryFieldAndDecodingReadsItBack() {
    LogId log = LogId.ofTopic("chat");
    Extensions extensions =
        Extensions.builder()
            .logId(log)
            .timestampMicros(1_700_000_000_000_000L)
            .prune(true)
            .previous(List.of(B, A, B))
            .field(5, Bytes.of(text("reserved")))
            .field(Extensions.FIRST_PROCESSOR_KEY, Bytes.of(array(uint(1), uint(2))))
            .field(1_000_000, Bytes.of(Cbor.NULL))
            .build();
    assertTrue(extensions.isWalkawayLayout());
    assertEquals(Optional.of(log), extensions.logId());
    assertEquals(OptionalLong.of(1_700_000_000_000_000L), extensions.timestampMicros());
    assertTrue(extensions.prune());
    assertEquals(List.of(A, B), extensions.previous(), "sorted, without duplicates");
    assertEquals(Optional.of(Bytes.of(text("reserved"))), extensions.field(5));
    assertEquals(List.of(5L, 16L, 1_000_000L), List.copyOf(extensions.fields().keySet()));
    assertEquals(Verdict.accepted(extensions), Extensions.decode(extensions.encoded()));
    assertEquals(extensions, extensions.toBuilder().build());
  }

  @Test
  void theLayoutIsPinnedByteForByte() {
    Extensions extensions =
        Extensions.builder().logId(new LogId(Bytes.of(filled(0x11)))).timestampMicros(24).prune(true).build();
    byte[] expected =
        concat(
            raw(0xa4), // map of 4
            raw(0x00, 0x01), // 0: version 1
            raw(0x01, 0x58, 0x20), filled(0x11), // 1: log id
            raw(0x02, 0x18, 0x18), // 2: timestamp 24
            raw(0x03, 0xf5)); // 3: prune true
    assertEquals(Bytes.of(expected), extensions.encoded());
    assertEquals(Bytes.of(raw(0xa1, 0x00, 0x01)), Extensions.builder().build().encoded());
  }

  @Test
  void theBuilderRefusesReservedKeysAndItemsThatAreNotOneCanonicalItem() {
    assertThrows(IllegalArgumentException.class, () -> Extensions.builder().field(4, Bytes.of(uint(0))));
    assertThrows(IllegalArgumentException.class, () -> Extensions.builder().field(0, Bytes.of(uint(0))));
    for (byte[] bad :
        List.of(new byte[0], raw(0x18, 0x01), concat(uint(1), uint(2)), raw(0xf9, 0, 0), raw(0xc0, 0x00))) {
      Extensions.Builder builder = Extensions.builder().field(5, Bytes.of(bad));
      assertThrows(IllegalArgumentException.class, builder::build, () -> Bytes.of(bad).toHex());
    }
    assertThrows(IllegalArgumentException.class, () -> Extensions.builder().timestampMicros(-1));
  }

  /** Regression: a field value that looks like extensions of another layout version was refused. */
  @Test
  void aFieldValueMayLookLikeAnExtensionsMapOfAnyVersion() {
    for (byte[] value :
        List.of(
            mapAsGiven(uint(0), uint(19)),
            mapAsGiven(uint(0), uint(1), uint(1), text("not a log id")),
            mapAsGiven(uint(0), uint(1), uint(3), Cbor.FALSE))) {
      Extensions extensions = Extensions.builder().field(7, Bytes.of(value)).build();
      assertEquals(Optional.of(Bytes.of(value)), extensions.field(7));
      assertEquals(Verdict.accepted(extensions), Extensions.decode(extensions.encoded()));
    }
  }

  @Test
  void unknownFieldsAreKeptByteForByte() {
    byte[] item =
        mapAsGiven(
            uint(0), VERSION_ONE,
            uint(5), array(text("later"), negative(9)),
            uint(64), bytes(new byte[] {1, 2, 3}),
            uint(Long.MAX_VALUE), Cbor.TRUE);
    Extensions extensions = decode(item).orElseThrow();
    assertTrue(extensions.isWalkawayLayout());
    assertEquals(Bytes.of(item), extensions.encoded());
    assertEquals(Optional.of(Bytes.of(array(text("later"), negative(9)))), extensions.field(5));
    assertEquals(Optional.of(Bytes.of(Cbor.TRUE)), extensions.field(Long.MAX_VALUE));
    assertEquals(extensions, extensions.toBuilder().build());
  }

  @Test
  void otherItemsAreOpaqueExtensions() {
    for (byte[] item :
        List.of(
            text("p2panda"),
            uint(5),
            bytes(new byte[32]),
            array(),
            mapAsGiven(),
            mapAsGiven(uint(1), uint(2)), // unsigned keys but no version: not the layout
            mapAsGiven(uint(0), uint(1), text("k"), uint(2)), // a non-integer key: not the layout
            mapAsGiven(text("log_id"), bytes(new byte[32])))) {
      Extensions extensions = decode(item).orElseThrow();
      assertFalse(extensions.isWalkawayLayout(), Bytes.of(item).toHex());
      assertEquals(Optional.empty(), extensions.logId());
      assertEquals(OptionalLong.empty(), extensions.timestampMicros());
      assertFalse(extensions.prune());
      assertEquals(List.of(), extensions.previous());
      assertTrue(extensions.fields().isEmpty());
      assertEquals(Bytes.of(item), extensions.encoded());
    }
  }

  @Test
  void wrongLayoutFieldsAreInvalidExtensions() {
    byte[] id = bytes(A.bytes().toArray());
    assertRejected(Reason.UNSUPPORTED_VERSION, mapAsGiven(uint(0), uint(2)), "version 2");
    assertRejected(Reason.UNSUPPORTED_VERSION, mapAsGiven(uint(0), uint(0)), "version 0");
    assertRejected(Reason.UNSUPPORTED_VERSION, mapAsGiven(uint(0), text("1")), "version as text");
    assertRejected(Reason.INVALID_EXTENSIONS, layout(uint(1), bytes(new byte[31])), "31-byte log id");
    assertRejected(Reason.INVALID_EXTENSIONS, layout(uint(1), bytes(new byte[33])), "33-byte log id");
    assertRejected(Reason.INVALID_EXTENSIONS, layout(uint(1), text("chat")), "log id as text");
    assertRejected(Reason.INVALID_EXTENSIONS, layout(uint(2), negative(0)), "negative timestamp");
    assertRejected(Reason.INVALID_EXTENSIONS, layout(uint(2), uint(Long.MIN_VALUE)), "timestamp 2^63");
    assertRejected(Reason.INVALID_EXTENSIONS, layout(uint(2), text("now")), "timestamp as text");
    assertRejected(Reason.INVALID_EXTENSIONS, layout(uint(3), Cbor.FALSE), "prune false");
    assertRejected(Reason.INVALID_EXTENSIONS, layout(uint(3), uint(1)), "prune 1");
    assertRejected(Reason.INVALID_EXTENSIONS, layout(uint(4), array()), "empty previous");
    assertRejected(Reason.INVALID_EXTENSIONS, layout(uint(4), id), "previous not an array");
    assertRejected(
        Reason.INVALID_EXTENSIONS,
        layout(uint(4), array(bytes(B.bytes().toArray()), id)),
        "previous unsorted");
    assertRejected(Reason.INVALID_EXTENSIONS, layout(uint(4), array(id, id)), "previous duplicated");
    assertRejected(
        Reason.INVALID_EXTENSIONS, layout(uint(4), array(id, bytes(new byte[31]))), "31-byte previous id");
    assertRejected(Reason.INVALID_EXTENSIONS, layout(uint(4), array(id, uint(0))), "previous id as an integer");
  }

  private static byte[] layout(byte[] key, byte[] value) {
    return mapAsGiven(VERSION_ENTRY_KEY, VERSION_ONE, key, value);
  }

  @Test
  void nonCanonicalItemsAreRejected() {
    assertRejected(Reason.NON_CANONICAL, mapAsGiven(uint(5), uint(0), uint(0), uint(1)), "unsorted keys");
    assertRejected(Reason.NON_CANONICAL, mapAsGiven(uint(0), uint(1), uint(0), uint(1)), "duplicate keys");
    assertRejected(
        Reason.NON_CANONICAL, mapAsGiven(text("b"), uint(0), text("a"), uint(1)), "unsorted text keys");
    assertRejected(
        Reason.NON_CANONICAL, mapAsGiven(text("aa"), uint(0), text("b"), uint(1)), "length-first is not bytewise");
    assertRejected(Reason.NON_CANONICAL, raw(0x18, 0x01), "0x18 0x01");
    assertRejected(Reason.NON_CANONICAL, raw(0x19, 0x00, 0xff), "two bytes for 255");
    assertRejected(Reason.NON_CANONICAL, raw(0x1a, 0x00, 0x00, 0xff, 0xff), "four bytes for 65535");
    assertRejected(Reason.NON_CANONICAL, raw(0x1b, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff), "eight bytes for 2^32-1");
    assertRejected(Reason.NON_CANONICAL, raw(0x38, 0x00), "non-shortest negative");
    assertRejected(Reason.NON_CANONICAL, raw(0x58, 0x01, 0x00), "non-shortest byte string length");
    assertRejected(Reason.NON_CANONICAL, raw(0x98, 0x01, 0x00), "non-shortest array length");
    assertRejected(Reason.NON_CANONICAL, raw(0xb8, 0x01, 0x00, 0x01), "non-shortest map length");
    assertRejected(Reason.NON_CANONICAL, raw(0x9f, 0x00, 0xff), "indefinite array");
    assertRejected(Reason.NON_CANONICAL, raw(0x5f, 0x41, 0x00, 0xff), "indefinite byte string");
    assertRejected(Reason.NON_CANONICAL, raw(0x7f, 0x61, 0x61, 0xff), "indefinite text string");
    assertRejected(Reason.NON_CANONICAL, raw(0xbf, 0x00, 0x01, 0xff), "indefinite map");
    assertRejected(Reason.NON_CANONICAL, raw(0xc1, 0x00), "tag 1");
    assertRejected(Reason.NON_CANONICAL, raw(0xd9, 0xd9, 0xf7, 0xa1, 0x00, 0x01), "self-describe tag");
    assertRejected(Reason.NON_CANONICAL, mapAsGiven(uint(0), uint(1), uint(5), raw(0xc2, 0x41, 0x01)), "nested tag");
    assertRejected(Reason.NON_CANONICAL, raw(0xf9, 0x3c, 0x00), "half float");
    assertRejected(Reason.NON_CANONICAL, raw(0xfa, 0x3f, 0x80, 0, 0), "single float");
    assertRejected(Reason.NON_CANONICAL, raw(0xfb, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0), "double float");
    assertRejected(Reason.NON_CANONICAL, raw(0xf7), "undefined");
    assertRejected(Reason.NON_CANONICAL, raw(0xf0), "simple value 16");
    assertRejected(Reason.NON_CANONICAL, raw(0xf8, 0x20), "simple value 32");
  }

  @Test
  void malformedItemsAreRejected() {
    assertRejected(Reason.MALFORMED, new byte[0], "empty");
    assertRejected(Reason.MALFORMED, concat(uint(1), uint(2)), "two items");
    assertRejected(Reason.MALFORMED, raw(0xff), "a lone break");
    assertRejected(Reason.MALFORMED, raw(0x1c), "reserved additional info 28");
    assertRejected(Reason.MALFORMED, raw(0x5e), "reserved additional info 30");
    assertRejected(Reason.MALFORMED, raw(0x3f), "indefinite negative integer");
    assertRejected(Reason.MALFORMED, raw(0x19, 0x01), "cut in the head");
    assertRejected(Reason.MALFORMED, raw(0x43, 0x01, 0x02), "a byte string cut short");
    assertRejected(Reason.MALFORMED, raw(0x82, 0x01), "an array cut short");
    assertRejected(Reason.MALFORMED, raw(0xa1, 0x00), "a map without its value");
    assertRejected(Reason.MALFORMED, raw(0x62, 0xc3, 0x28), "invalid UTF-8");
    assertRejected(Reason.MALFORMED, raw(0x63, 0xed, 0xa0, 0x80), "a UTF-8 encoded surrogate");
    assertRejected(Reason.MALFORMED, raw(0x62, 0xc0, 0x80), "overlong UTF-8");
    assertRejected(
        Reason.MALFORMED, mapAsGiven(uint(0), uint(1), uint(9), raw(0x61, 0xff)), "invalid UTF-8 inside");
  }

  @Test
  void hugeDeclaredLengthsAreRejectedBeforeAllocation() {
    assertRejected(Reason.MALFORMED, raw(0x5b, 0x80, 0, 0, 0, 0, 0, 0, 0), "byte string of 2^63 bytes");
    assertRejected(Reason.MALFORMED, raw(0x5b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff), "2^64-1 bytes");
    assertRejected(Reason.MALFORMED, raw(0x7a, 0x7f, 0xff, 0xff, 0xff), "text of 2^31-1 bytes");
    assertRejected(Reason.MALFORMED, raw(0x9b, 0, 0, 0, 1, 0, 0, 0, 0), "array of 2^32 elements");
    assertRejected(Reason.MALFORMED, raw(0x9b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff), "array of 2^64-1");
    assertRejected(Reason.MALFORMED, raw(0xbb, 0x10, 0, 0, 0, 0, 0, 0, 0), "map of 2^60 entries");
    assertRejected(
        Reason.MALFORMED,
        mapAsGiven(uint(0), uint(1), uint(5), raw(0xbb, 0x10, 0, 0, 0, 0, 0, 0, 0)),
        "map of 2^60 entries inside the layout");
    assertRejected(
        Reason.MALFORMED,
        mapAsGiven(uint(0), uint(1), uint(4), raw(0x9b, 0, 0, 0, 1, 0, 0, 0, 0)),
        "previous of 2^32 ids");
  }

  @Test
  void deepNestingIsALimitNotAStackOverflow() {
    assertRejected(Reason.LIMIT_EXCEEDED, Cbor.nestedArrays(10_000, uint(0)), "10,000 arrays deep");
    byte[] maps = new byte[3 * 10_000 + 1];
    for (int i = 0; i < 10_000; i++) {
      maps[3 * i] = (byte) 0xa1; // map of one entry
      maps[3 * i + 1] = 0x00; // key 0
      maps[3 * i + 2] = (byte) 0x81; // value: an array of one, holding the next map
    }
    maps[maps.length - 1] = 0x00;
    assertRejected(Reason.LIMIT_EXCEEDED, maps, "10,000 maps deep");
    int depth = DecodeLimits.DEFAULT.maxNestingDepth();
    assertTrue(decode(Cbor.nestedArrays(depth, uint(0))).isAccepted(), "exactly the limit");
    assertRejected(Reason.LIMIT_EXCEEDED, Cbor.nestedArrays(depth + 1, uint(0)), "one beyond the limit");
  }

  @Test
  void tooManyItemsIsALimit() {
    int max = DecodeLimits.DEFAULT.maxItems();
    byte[][] many = new byte[max][];
    java.util.Arrays.fill(many, uint(0));
    assertTrue(decode(array(java.util.Arrays.copyOf(many, max - 1))).isAccepted(), "the array and its elements");
    assertRejected(Reason.LIMIT_EXCEEDED, array(many), "one item too many");
    DecodeLimits tight = new DecodeLimits(1024, 2, 8, 0);
    assertEquals(
        Reason.LIMIT_EXCEEDED,
        rejectionReason(Extensions.decode(Bytes.of(array(uint(0), uint(0), uint(0), uint(0), uint(0),
            uint(0), uint(0), uint(0))), tight), "nine items"));
    assertEquals(
        Reason.LIMIT_EXCEEDED,
        rejectionReason(Extensions.decode(Bytes.of(Cbor.nestedArrays(3, uint(0))), tight), "depth 3"));
  }

  /** Keys are unsigned 64-bit integers; keys of 2^63 and above must survive a round trip too. */
  @Test
  void keysAbove2To63AreKeptAndReEncoded() {
    byte[] item =
        mapAsGiven(uint(0), VERSION_ONE, uint(64), uint(1), uint(Long.MIN_VALUE), uint(2), uint(-1L), uint(3));
    Extensions extensions = decode(item).orElseThrow();
    assertTrue(extensions.isWalkawayLayout());
    assertEquals(Bytes.of(item), extensions.encoded());
    assertEquals(Optional.of(Bytes.of(uint(3))), extensions.field(-1L));
    assertEquals(List.of(64L, Long.MIN_VALUE, -1L), List.copyOf(extensions.fields().keySet()), "unsigned order");
    assertEquals(extensions, extensions.toBuilder().build());
    Extensions built =
        Extensions.builder().field(-1L, Bytes.of(uint(3))).field(Long.MIN_VALUE, Bytes.of(uint(2)))
            .field(64, Bytes.of(uint(1))).build();
    assertEquals(Bytes.of(item), built.encoded(), "the builder writes the same bytes");
  }

  static LongStream seeds() {
    return LongStream.range(0, 100).map(i -> 0xe47L * 1_000_003 + i);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void randomItemsDecodeAndReEncodeUnchanged(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] item = RandomEvents.canonicalItem(random, 4);
    Verdict<Extensions> verdict = decode(item);
    if (verdict instanceof Verdict.Accepted<Extensions>(Extensions extensions)) {
      assertEquals(Bytes.of(item), extensions.encoded(), () -> "seed " + seed);
      if (extensions.isWalkawayLayout()) {
        assertEquals(extensions, extensions.toBuilder().build(), () -> "seed " + seed + ": " + extensions);
      }
    } else {
      // Only a map that claims the layout (unsigned keys, key 0) may be refused, for its fields.
      Reason reason = rejectionReason(verdict, "seed " + seed);
      assertTrue(
          reason == Reason.INVALID_EXTENSIONS || reason == Reason.UNSUPPORTED_VERSION,
          () -> "seed " + seed + ": " + verdict + " for " + Bytes.of(item).toHex());
    }
    Extensions walkaway = RandomEvents.walkawayExtensions(random);
    assertEquals(Verdict.accepted(walkaway), Extensions.decode(walkaway.encoded()), () -> "seed " + seed);
  }
}
