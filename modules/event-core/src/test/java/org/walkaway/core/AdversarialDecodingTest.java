package org.walkaway.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.walkaway.core.testkit.Cbor.array;
import static org.walkaway.core.testkit.Cbor.bytes;
import static org.walkaway.core.testkit.Cbor.concat;
import static org.walkaway.core.testkit.Cbor.mapAsGiven;
import static org.walkaway.core.testkit.Cbor.negative;
import static org.walkaway.core.testkit.Cbor.raw;
import static org.walkaway.core.testkit.Cbor.text;
import static org.walkaway.core.testkit.Cbor.uint;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.walkaway.core.Rejection.Reason;
import org.walkaway.core.testkit.Cbor;
import org.walkaway.core.testkit.Ed25519Forgery;
import org.walkaway.core.testkit.TestHeaders;

/**
 * Hostile header bytes. Every case must come back as a {@link Verdict.Rejected} with the right
 * {@link Reason}: never an exception, never an {@link OutOfMemoryError} or a
 * {@link StackOverflowError}.
 */
class AdversarialDecodingTest {
  private static final SigningKey KEY = SigningKey.fromSeed(sequence(32));
  private static final byte[] BODY = "the payload".getBytes(StandardCharsets.UTF_8);
  private static final Hash PREVIOUS = Hash.of("the previous event".getBytes(StandardCharsets.UTF_8));
  private static final Extensions EXTENSIONS = Extensions.builder().logId(LogId.ofTopic("adversarial")).build();

  private static final byte[] VERSION = uint(1);
  private static final byte[] AUTHOR = bytes(KEY.publicKey().bytes().toArray());
  private static final byte[] SIZE = uint(BODY.length);
  private static final byte[] PAYLOAD_HASH = bytes(Hash.of(BODY).bytes().toArray());
  private static final byte[] SEQ = uint(5);
  private static final byte[] BACKLINK = bytes(PREVIOUS.bytes().toArray());
  private static final byte[] EXT = EXTENSIONS.encoded().toArray();

  /** All eight elements: version, author, (signature), size, hash, seq, backlink, extensions. */
  private static final List<byte[]> FULL = List.of(VERSION, AUTHOR, SIZE, PAYLOAD_HASH, SEQ, BACKLINK, EXT);
  /** The fewest: version, author, (signature), size 0, seq 0. */
  private static final List<byte[]> MINIMAL = List.of(VERSION, AUTHOR, uint(0), uint(0));

  private static byte[] sequence(int length) {
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      out[i] = (byte) (i + 1);
    }
    return out;
  }

  private static byte[] signed(List<byte[]> unsigned) {
    return TestHeaders.signed(KEY, unsigned);
  }

  /** {@code elements} with the one at {@code index} replaced. */
  private static List<byte[]> replace(List<byte[]> elements, int index, byte[] item) {
    List<byte[]> out = new ArrayList<>(elements);
    out.set(index, item);
    return out;
  }

  private static Verdict<Event> decodeSafely(byte[] header, Optional<byte[]> body, DecodeLimits limits, String context) {
    try {
      return EventCodec.decode(header, body, limits);
    } catch (Throwable t) {
      throw new AssertionError(context + ": decode threw instead of rejecting", t);
    }
  }

  private static Rejection assertRejected(Reason expected, byte[] header, String context) {
    return assertRejected(expected, header, DecodeLimits.DEFAULT, context);
  }

  private static Rejection assertRejected(Reason expected, byte[] header, DecodeLimits limits, String context) {
    Verdict<Event> verdict = decodeSafely(header, Optional.empty(), limits, context);
    if (!(verdict instanceof Verdict.Rejected<Event>(Rejection rejection))) {
      throw new AssertionError(context + ": accepted " + verdict);
    }
    assertEquals(expected, rejection.reason(), () -> context + ": " + rejection);
    assertFalse(rejection.message().isBlank(), context);
    return rejection;
  }

  @Test
  void theHandBuiltHeadersAreValidAndMatchTheBuilder() {
    Event full = EventCodec.decode(signed(FULL), BODY).orElseThrow();
    Event built =
        EventBuilder.create()
            .seqNum(5, Optional.of(PREVIOUS))
            .body(Body.of(BODY))
            .extensions(EXTENSIONS)
            .sign(KEY);
    assertEquals(built, full, "an independent encoder gives the same bytes");
    Event minimal = EventCodec.decode(signed(MINIMAL)).orElseThrow();
    assertEquals(EventBuilder.create().sign(KEY).headerBytes(), minimal.headerBytes());
  }

  @Test
  void everyPrefixIsMalformed() {
    for (byte[] header : List.of(signed(FULL), signed(MINIMAL))) {
      for (int length = 0; length < header.length; length++) {
        assertRejected(Reason.MALFORMED, Arrays.copyOf(header, length), "prefix of " + length + " of " + header.length);
      }
    }
  }

  @Test
  void trailingBytesAreMalformed() {
    byte[] header = signed(FULL);
    assertRejected(Reason.MALFORMED, concat(header, raw(0x00)), "a trailing 0x00");
    assertRejected(Reason.MALFORMED, concat(header, raw(0xff)), "a trailing break code");
    assertRejected(Reason.MALFORMED, concat(header, header), "two headers");
  }

  @Test
  void emptyInputIsMalformed() {
    assertRejected(Reason.MALFORMED, new byte[0], "empty");
  }

  @Test
  void aHeaderMustBeAnArrayOfFiveToEight() {
    assertRejected(Reason.MALFORMED, mapAsGiven(uint(0), uint(1)), "a map");
    assertRejected(Reason.MALFORMED, bytes(new byte[100]), "a byte string");
    assertRejected(Reason.MALFORMED, uint(1), "an integer");
    assertRejected(Reason.MALFORMED, array(MINIMAL), "the unsigned form (4 elements)");
    assertRejected(Reason.MALFORMED, array(), "an empty array");
    List<byte[]> nine = new ArrayList<>(FULL);
    nine.add(uint(0));
    assertRejected(Reason.MALFORMED, signed(nine), "nine elements");
  }

  @Test
  void extraOrMissingElementsAreRejected() {
    List<byte[]> extra = new ArrayList<>(MINIMAL);
    extra.add(EXT);
    extra.add(uint(0));
    assertRejected(Reason.MALFORMED, signed(extra), "an element after the extensions");
    assertRejected(
        Reason.INVALID_FIELD,
        signed(List.of(VERSION, AUTHOR, uint(0), PAYLOAD_HASH, uint(0))),
        "a payload hash although the size is 0");
    assertRejected(
        Reason.INVALID_FIELD, signed(List.of(VERSION, AUTHOR, uint(0), uint(5))), "no backlink at seq 5");
    assertRejected(
        Reason.INVALID_FIELD, signed(List.of(VERSION, AUTHOR, SIZE, uint(0))), "no payload hash for size 11");
    assertRejected(
        Reason.MALFORMED,
        signed(List.of(VERSION, AUTHOR, SIZE, PAYLOAD_HASH)),
        "no sequence number");
    assertRejected(
        Reason.MALFORMED,
        signed(List.of(VERSION, AUTHOR, uint(0), uint(0), BACKLINK, EXT)),
        "a backlink at seq 0, then extensions");
  }

  /**
   * Decoding is driven by the values: after seq 0 the next element is the extensions, whatever it
   * is. So a lone 32-byte string there is not a forbidden backlink but opaque extensions.
   */
  @Test
  void aByteStringAfterSeqZeroIsOpaqueExtensions() {
    Event event = EventCodec.decode(signed(List.of(VERSION, AUTHOR, uint(0), uint(0), BACKLINK))).orElseThrow();
    assertEquals(Optional.empty(), event.header().backlink());
    assertEquals(Bytes.of(BACKLINK), event.header().extensions().orElseThrow().encoded());
    assertFalse(event.header().extensions().orElseThrow().isWalkawayLayout());
  }

  @Test
  void wrongElementTypesInEachPositionAreRejected() {
    Map<String, byte[]> replacements = new LinkedHashMap<>();
    replacements.put("an unsigned integer", uint(7));
    replacements.put("a negative integer", negative(0));
    replacements.put("a short byte string", bytes(new byte[3]));
    replacements.put("a text string", text("1"));
    replacements.put("an array", array(uint(1)));
    replacements.put("a map", mapAsGiven(uint(0), uint(1)));
    replacements.put("true", Cbor.TRUE);
    replacements.put("null", Cbor.NULL);
    String[] fullNames = {"version", "author", "signature", "payload size", "payload hash", "seq", "backlink", "extensions"};
    List<byte[]> fullSigned = withSignatureElement(FULL);
    for (int position = 0; position < fullSigned.size(); position++) {
      for (Map.Entry<String, byte[]> replacement : replacements.entrySet()) {
        Optional<Reason> expected = expectedForFull(fullNames[position], replacement.getKey());
        if (expected.isEmpty()) {
          continue;
        }
        assertRejected(
            expected.get(),
            array(replace(fullSigned, position, replacement.getValue())),
            fullNames[position] + " replaced by " + replacement.getKey());
      }
    }
    // In the smallest header the element after a payload size of 0 is the sequence number; a byte
    // string there reads as a payload hash that must not be present.
    List<byte[]> minimalSigned = withSignatureElement(MINIMAL);
    for (Map.Entry<String, byte[]> replacement : replacements.entrySet()) {
      String kind = replacement.getKey();
      Reason expected =
          switch (kind) {
            case "an unsigned integer" -> null;
            case "a negative integer", "a short byte string" -> Reason.INVALID_FIELD;
            default -> Reason.MALFORMED;
          };
      if (expected != null) {
        assertRejected(expected, array(replace(minimalSigned, 4, replacement.getValue())), "seq after size 0 replaced by " + kind);
      }
    }
  }

  private static List<byte[]> withSignatureElement(List<byte[]> unsigned) {
    byte[] header = signed(unsigned);
    List<byte[]> elements = new ArrayList<>(unsigned);
    elements.add(2, bytes(Arrays.copyOfRange(header, header.length - rest(unsigned) - 64, header.length - rest(unsigned))));
    return elements;
  }

  private static int rest(List<byte[]> unsigned) {
    return unsigned.subList(2, unsigned.size()).stream().mapToInt(b -> b.length).sum();
  }

  private static Optional<Reason> expectedForFull(String field, String replacement) {
    boolean unsignedField = field.equals("version") || field.equals("payload size") || field.equals("seq");
    if (field.equals("extensions")) {
      return Optional.of(Reason.BAD_SIGNATURE); // any item is allowed; the signature no longer fits
    }
    if (unsignedField) {
      return switch (replacement) {
        case "an unsigned integer" -> Optional.empty(); // a value, not a type, change: tested elsewhere
        case "a negative integer" -> Optional.of(Reason.INVALID_FIELD);
        default -> Optional.of(Reason.MALFORMED);
      };
    }
    if (field.equals("payload hash") || field.equals("backlink")) {
      // The values call for them; anything else in their place breaks a presence rule.
      return Optional.of(Reason.INVALID_FIELD);
    }
    return switch (replacement) {
      case "a short byte string" -> Optional.of(Reason.INVALID_FIELD);
      default -> Optional.of(Reason.MALFORMED);
    };
  }

  @Test
  void wrongByteStringLengthsAreInvalidFields() {
    assertRejected(Reason.INVALID_FIELD, TestHeaders.withSignature(MINIMAL, bytes(new byte[65])), "65-byte signature");
    assertRejected(Reason.INVALID_FIELD, TestHeaders.withSignature(MINIMAL, bytes(new byte[63])), "63-byte signature");
    assertRejected(Reason.INVALID_FIELD, TestHeaders.withSignature(MINIMAL, bytes(new byte[0])), "empty signature");
    assertRejected(Reason.INVALID_FIELD, signed(replace(MINIMAL, 1, bytes(new byte[31]))), "31-byte author");
    assertRejected(Reason.INVALID_FIELD, signed(replace(MINIMAL, 1, bytes(new byte[33]))), "33-byte author");
    assertRejected(Reason.INVALID_FIELD, signed(replace(FULL, 3, bytes(new byte[31]))), "31-byte payload hash");
    assertRejected(Reason.INVALID_FIELD, signed(replace(FULL, 5, bytes(new byte[33]))), "33-byte backlink");
  }

  @Test
  void unknownVersionsAreUnsupported() {
    assertRejected(Reason.UNSUPPORTED_VERSION, signed(replace(MINIMAL, 0, uint(2))), "version 2");
    assertRejected(Reason.UNSUPPORTED_VERSION, signed(replace(MINIMAL, 0, uint(0))), "version 0");
    assertRejected(Reason.UNSUPPORTED_VERSION, signed(replace(MINIMAL, 0, uint(0xFFFF_FFFFL))), "version 2^32-1");
  }

  @Test
  void integersBeyond32BitsAreInvalidFields() {
    assertRejected(Reason.INVALID_FIELD, signed(replace(MINIMAL, 3, uint(0x1_0000_0000L))), "seq 2^32");
    assertRejected(Reason.INVALID_FIELD, signed(replace(MINIMAL, 3, uint(-1L))), "seq 2^64-1");
    assertRejected(Reason.INVALID_FIELD, signed(replace(MINIMAL, 3, uint(Long.MIN_VALUE))), "seq 2^63");
    assertRejected(
        Reason.INVALID_FIELD, signed(List.of(VERSION, AUTHOR, uint(0x1_0000_0000L), PAYLOAD_HASH, uint(0))), "size 2^32");
    assertRejected(Reason.INVALID_FIELD, signed(replace(MINIMAL, 0, uint(-1L))), "version 2^64-1");
  }

  @Test
  void theLargestLegalValuesAreAccepted() {
    DecodeLimits roomy = new DecodeLimits(32 * 1024, 16, 4096, 0xFFFF_FFFFL);
    byte[] header =
        signed(List.of(VERSION, AUTHOR, uint(0xFFFF_FFFFL), PAYLOAD_HASH, uint(0xFFFF_FFFFL), BACKLINK));
    Event event = EventCodec.decode(header, Optional.empty(), roomy).orElseThrow();
    assertEquals(0xFFFF_FFFFL, event.header().payloadSize());
    assertEquals(0xFFFF_FFFFL, event.seqNum());
    assertEquals(Bytes.of(header), EventCodec.encode(event.header()), "re-encodes to the same bytes");
    assertRejected(Reason.LIMIT_EXCEEDED, header, "the default payload limit is 64 MiB");
  }

  @Test
  void aPayloadSizeAboveTheLimitIsRejectedWithoutTheBody() {
    long limit = DecodeLimits.DEFAULT.maxPayloadBytes();
    assertRejected(
        Reason.LIMIT_EXCEEDED, signed(List.of(VERSION, AUTHOR, uint(limit + 1), PAYLOAD_HASH, uint(0))), "limit + 1");
    assertTrue(
        EventCodec.decode(signed(List.of(VERSION, AUTHOR, uint(limit), PAYLOAD_HASH, uint(0)))).isAccepted(),
        "exactly the limit");
  }

  @Test
  void hugeDeclaredLengthsAreRejectedBeforeAllocation() {
    byte[] twoTo63Bytes = raw(0x5b, 0x80, 0, 0, 0, 0, 0, 0, 0);
    assertRejected(Reason.MALFORMED, TestHeaders.withSignature(MINIMAL, twoTo63Bytes), "a signature of 2^63 bytes");
    assertRejected(Reason.MALFORMED, array(VERSION, twoTo63Bytes), "an author of 2^63 bytes");
    assertRejected(
        Reason.MALFORMED, array(VERSION, raw(0x5b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)), "2^64-1 bytes");
    assertRejected(Reason.MALFORMED, array(VERSION, raw(0x7b, 0x80, 0, 0, 0, 0, 0, 0, 0)), "text of 2^63 bytes");
    assertRejected(Reason.MALFORMED, raw(0x9b, 0, 0, 0, 1, 0, 0, 0, 0), "a header of 2^32 elements");
    assertRejected(
        Reason.MALFORMED, signed(List.of(VERSION, AUTHOR, uint(0), uint(0), raw(0x9b, 0, 0, 0, 1, 0, 0, 0, 0))),
        "extensions: an array of 2^32 elements");
    assertRejected(
        Reason.MALFORMED, signed(List.of(VERSION, AUTHOR, uint(0), uint(0), raw(0xbb, 0x10, 0, 0, 0, 0, 0, 0, 0))),
        "extensions: a map of 2^60 entries");
    assertRejected(
        Reason.MALFORMED,
        signed(List.of(VERSION, AUTHOR, uint(0), uint(0), concat(raw(0xa2, 0x00, 0x01, 0x05), raw(0xbb, 0x10, 0, 0, 0, 0, 0, 0, 0)))),
        "a map of 2^60 entries inside Walkaway extensions");
  }

  @Test
  void nonShortestIntegersAndLengthsAreNonCanonical() {
    assertRejected(Reason.NON_CANONICAL, signed(replace(MINIMAL, 0, raw(0x18, 0x01))), "version as 0x18 0x01");
    assertRejected(Reason.NON_CANONICAL, signed(replace(MINIMAL, 2, raw(0x19, 0x00, 0x00))), "size 0 in two bytes");
    assertRejected(Reason.NON_CANONICAL, signed(replace(MINIMAL, 3, raw(0x1a, 0, 0, 0, 0))), "seq 0 in four bytes");
    assertRejected(
        Reason.NON_CANONICAL, signed(replace(FULL, 4, Cbor.headOfSize(0, 5, 8))), "seq 5 in eight bytes");
    assertRejected(
        Reason.NON_CANONICAL,
        signed(replace(MINIMAL, 1, concat(raw(0x59, 0x00, 0x20), KEY.publicKey().bytes().toArray()))),
        "author length in two bytes");
    byte[] header = signed(FULL);
    byte[] longHead = concat(raw(0x98, header[0] & 0x1f), Arrays.copyOfRange(header, 1, header.length));
    assertRejected(Reason.NON_CANONICAL, longHead, "array head in two bytes");
  }

  @Test
  void indefiniteLengthsAreNonCanonical() {
    byte[] header = signed(MINIMAL);
    assertRejected(
        Reason.NON_CANONICAL,
        concat(raw(0x9f), Arrays.copyOfRange(header, 1, header.length), raw(0xff)),
        "an indefinite-length header array");
    byte[] key = KEY.publicKey().bytes().toArray();
    assertRejected(
        Reason.NON_CANONICAL,
        signed(replace(MINIMAL, 1, concat(raw(0x5f), bytes(Arrays.copyOf(key, 16)), bytes(Arrays.copyOfRange(key, 16, 32)), raw(0xff)))),
        "an author in two chunks");
    assertRejected(
        Reason.NON_CANONICAL,
        signed(List.of(VERSION, AUTHOR, uint(0), uint(0), raw(0xbf, 0x00, 0x01, 0xff))),
        "indefinite-length extensions map");
    assertRejected(
        Reason.NON_CANONICAL,
        signed(List.of(VERSION, AUTHOR, uint(0), uint(0), raw(0x9f, 0x00, 0xff))),
        "indefinite-length extensions array");
  }

  @Test
  void tagsAndFloatsAreNonCanonical() {
    assertRejected(Reason.NON_CANONICAL, concat(raw(0xd9, 0xd9, 0xf7), signed(MINIMAL)), "self-describe tag");
    assertRejected(Reason.NON_CANONICAL, signed(replace(MINIMAL, 0, raw(0xc0, 0x01))), "a tagged version");
    assertRejected(
        Reason.NON_CANONICAL,
        signed(List.of(VERSION, AUTHOR, uint(0), uint(0), raw(0xc2, 0x41, 0x01))),
        "a bignum as extensions");
    assertRejected(Reason.NON_CANONICAL, signed(replace(MINIMAL, 0, raw(0xf9, 0x3c, 0x00))), "version 1.0 as a half float");
    assertRejected(Reason.NON_CANONICAL, signed(replace(MINIMAL, 3, raw(0xfb, 0, 0, 0, 0, 0, 0, 0, 0))), "seq 0.0");
    assertRejected(
        Reason.NON_CANONICAL,
        signed(List.of(VERSION, AUTHOR, uint(0), uint(0), raw(0xfa, 0x7f, 0xc0, 0, 0))),
        "NaN as extensions");
  }

  @Test
  void extensionsMustBeCanonicalValidUtf8AndWellFormed() {
    assertRejected(
        Reason.MALFORMED,
        signed(List.of(VERSION, AUTHOR, uint(0), uint(0), raw(0x62, 0xc3, 0x28))),
        "invalid UTF-8 as extensions");
    assertRejected(
        Reason.MALFORMED, signed(replace(MINIMAL, 0, raw(0x61, 0xff))), "invalid UTF-8 where the version goes");
    assertRejected(
        Reason.NON_CANONICAL,
        signed(List.of(VERSION, AUTHOR, uint(0), uint(0), mapAsGiven(uint(0), uint(1), uint(0), uint(1)))),
        "duplicate map keys");
    assertRejected(
        Reason.NON_CANONICAL,
        signed(List.of(VERSION, AUTHOR, uint(0), uint(0), mapAsGiven(uint(1), bytes(new byte[32]), uint(0), uint(1)))),
        "unsorted map keys");
    assertRejected(
        Reason.INVALID_EXTENSIONS,
        signed(List.of(VERSION, AUTHOR, uint(0), uint(0), mapAsGiven(uint(0), uint(1), uint(1), bytes(new byte[31])))),
        "a 31-byte log id");
    assertRejected(
        Reason.UNSUPPORTED_VERSION,
        signed(List.of(VERSION, AUTHOR, uint(0), uint(0), mapAsGiven(uint(0), uint(2)))),
        "extensions layout version 2");
  }

  @Test
  void oversizedHeadersAreALimit() {
    assertRejected(Reason.LIMIT_EXCEEDED, new byte[1024 * 1024], "1 MiB of zeros");
    byte[] big = signed(List.of(VERSION, AUTHOR, uint(0), uint(0), bytes(new byte[1024 * 1024])));
    assertRejected(Reason.LIMIT_EXCEEDED, big, "a 1 MiB header");
    int limit = DecodeLimits.DEFAULT.maxHeaderBytes();
    int overhead = signed(List.of(VERSION, AUTHOR, uint(0), uint(0), bytes(new byte[1000]))).length - 1000;
    byte[] atLimit = signed(List.of(VERSION, AUTHOR, uint(0), uint(0), bytes(new byte[limit - overhead])));
    assertEquals(limit, atLimit.length);
    assertTrue(EventCodec.decode(atLimit).isAccepted(), "exactly the limit");
    byte[] overLimit = signed(List.of(VERSION, AUTHOR, uint(0), uint(0), bytes(new byte[limit - overhead + 1])));
    assertRejected(Reason.LIMIT_EXCEEDED, overLimit, "one byte over");
  }

  @Test
  void deepNestingIsALimitNotAStackOverflow() {
    assertRejected(
        Reason.LIMIT_EXCEEDED,
        signed(List.of(VERSION, AUTHOR, uint(0), uint(0), Cbor.nestedArrays(10_000, uint(0)))),
        "extensions nested 10,000 deep");
    int depth = DecodeLimits.DEFAULT.maxNestingDepth();
    assertTrue(
        EventCodec.decode(signed(List.of(VERSION, AUTHOR, uint(0), uint(0), Cbor.nestedArrays(depth, uint(0))))).isAccepted(),
        "exactly the nesting limit");
    assertRejected(
        Reason.LIMIT_EXCEEDED,
        signed(List.of(VERSION, AUTHOR, uint(0), uint(0), Cbor.nestedArrays(depth + 1, uint(0)))),
        "one level deeper");
  }

  /** However generous the configured limits, nesting cannot overflow the stack. */
  @Test
  void generousLimitsStillCannotOverflowTheStack() {
    byte[] deep = Cbor.nestedArrays(1_000_000, uint(0));
    DecodeLimits generous = new DecodeLimits(4 * 1024 * 1024, DecodeLimits.MAX_NESTING_DEPTH, Integer.MAX_VALUE, 0);
    assertRejected(Reason.LIMIT_EXCEEDED, signed(List.of(VERSION, AUTHOR, uint(0), uint(0), deep)), generous, "1,000,000 deep");
    Verdict<Extensions> verdict = Extensions.decode(Bytes.of(deep), generous);
    assertFalse(verdict.isAccepted(), "Extensions.decode, 1,000,000 deep");
    assertThrowsIllegalArgument(() -> new DecodeLimits(4096, DecodeLimits.MAX_NESTING_DEPTH + 1, 4096, 0));
  }

  private static void assertThrowsIllegalArgument(Runnable action) {
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, action::run);
  }

  @Test
  void tooManyItemsIsALimit() {
    byte[][] zeros = new byte[5000][];
    Arrays.fill(zeros, uint(0));
    assertRejected(
        Reason.LIMIT_EXCEEDED,
        signed(List.of(VERSION, AUTHOR, uint(0), uint(0), array(zeros))),
        "5,000 items in the extensions");
  }

  @Test
  void signaturesThatDoNotVerifyAreBadSignatures() {
    SigningKey other = SigningKey.fromSeed(new byte[32]);
    byte[] header = signed(MINIMAL);
    byte[] otherSignature = other.sign(array(MINIMAL)).bytes().toArray();
    assertRejected(Reason.BAD_SIGNATURE, TestHeaders.withSignature(MINIMAL, bytes(otherSignature)), "another key's");
    byte[] signature = Arrays.copyOfRange(header, header.length - 2 - 64, header.length - 2);
    assertRejected(
        Reason.BAD_SIGNATURE,
        TestHeaders.withSignature(MINIMAL, bytes(Ed25519Forgery.withScalarPlusL(signature, 1))),
        "S + L");
    assertRejected(Reason.BAD_SIGNATURE, TestHeaders.withSignature(MINIMAL, bytes(new byte[64])), "all zeros");
    byte[] identity = Bytes.fromHex("01" + "00".repeat(31)).toArray();
    List<byte[]> identityAuthor = replace(MINIMAL, 1, bytes(identity));
    byte[] identityForgery = new byte[64];
    identityForgery[0] = 1; // R = identity, S = 0: passes the cofactorless equation for any message
    assertRejected(
        Reason.BAD_SIGNATURE, TestHeaders.withSignature(identityAuthor, bytes(identityForgery)), "small-order author");
    byte[] forged =
        Ed25519Forgery.withCommitment(
            KEY.seed(InsecureSecretAccess.get()), KEY.publicKey().bytes().toArray(), identity, array(MINIMAL));
    assertRejected(Reason.BAD_SIGNATURE, TestHeaders.withSignature(MINIMAL, bytes(forged)), "small-order R");
  }

  @Test
  void randomBytesAreRejectedWithoutThrowing() {
    SplittableRandom random = new SplittableRandom(0xdead_beefL);
    for (int i = 0; i < 2000; i++) {
      byte[] input = new byte[random.nextInt(0, 300)];
      random.nextBytes(input);
      if (input.length > 0 && random.nextBoolean()) {
        input[0] = (byte) (0x85 + random.nextInt(4)); // looks like a header array
      }
      int n = i;
      Verdict<Event> verdict = decodeSafely(input, Optional.empty(), DecodeLimits.DEFAULT, "random input " + n);
      assertFalse(verdict.isAccepted(), () -> "random input " + n + " accepted");
      decodeExtensionsSafely(input, "random input " + n);
    }
  }

  @Test
  void mutatedHeadersAreRejectedWithoutThrowing() {
    SplittableRandom random = new SplittableRandom(0x5eedL);
    byte[] original = signed(FULL);
    for (int i = 0; i < 3000; i++) {
      byte[] mutated = mutate(random, original);
      int n = i;
      Verdict<Event> verdict = decodeSafely(mutated, Optional.of(BODY), DecodeLimits.DEFAULT, "mutation " + n);
      if (verdict.isAccepted()) {
        assertTrue(Arrays.equals(original, mutated), () -> "mutation " + n + " accepted: " + Bytes.of(mutated));
      }
    }
  }

  private static byte[] mutate(SplittableRandom random, byte[] original) {
    byte[] out = original.clone();
    int edits = random.nextInt(1, 4);
    for (int e = 0; e < edits; e++) {
      int at = random.nextInt(out.length);
      switch (random.nextInt(4)) {
        case 0 -> out[at] = (byte) random.nextInt(256);
        case 1 -> out = concat(Arrays.copyOf(out, at), raw(random.nextInt(256)), Arrays.copyOfRange(out, at, out.length));
        case 2 -> out = concat(Arrays.copyOf(out, at), Arrays.copyOfRange(out, Math.min(out.length, at + 1), out.length));
        default -> out[at] = (byte) (0x18 + random.nextInt(8)); // heads with long arguments
      }
      if (out.length == 0) {
        return out;
      }
    }
    return out;
  }

  private static void decodeExtensionsSafely(byte[] input, String context) {
    try {
      Extensions.decode(Bytes.of(input));
    } catch (Throwable t) {
      throw new AssertionError(context + ": Extensions.decode threw", t);
    }
  }
}
