package org.walkaway.encryption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.walkaway.encryption.PrekeyBundleTest.assertFailure;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.walkaway.core.Bytes;
import org.walkaway.core.LogId;
import org.walkaway.core.PublicKey;
import org.walkaway.core.Signature;
import org.walkaway.core.SigningKey;
import org.walkaway.core.Verdict;
import org.walkaway.encryption.internal.CodecWriter;

/**
 * The wire codecs: round trips over seeded random values, every truncation refused, every bit flip
 * either refused or decoding to a value that encodes back to exactly the flipped bytes (so that one
 * value has one encoding), and hand-made non-canonical and oversized inputs refused.
 */
class WireCodecTest {

  /** One codec under test, with a generator of random values. */
  record Codec<T>(String name, Function<SplittableRandom, T> generate, Function<T, Bytes> encode, Function<Bytes, Verdict<T>> decode) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> codecsAndSeeds() {
    List<Codec<?>> codecs = List.of(
        new Codec<>("ChannelMessage", WireCodecTest::channelMessage, ChannelMessageCodec::encode, ChannelMessageCodec::decode),
        new Codec<>("PrekeyBundle", WireCodecTest::bundle, PrekeyBundleCodec::encode, PrekeyBundleCodec::decode),
        new Codec<>("X3dhHeader", WireCodecTest::x3dhHeader, X3dhHeaderCodec::encode, X3dhHeaderCodec::decode),
        new Codec<>("MessageEnvelope", WireCodecTest::envelope, MessageEnvelopeCodec::encode, MessageEnvelopeCodec::decode));
    return codecs.stream().flatMap(codec -> LongStream.rangeClosed(1, 12).mapToObj(seed -> Arguments.of(codec, seed)));
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("codecsAndSeeds")
  <T> void roundTripsAndRefusesEveryTruncation(Codec<T> codec, long seed) {
    T value = codec.generate().apply(new SplittableRandom(seed));
    Bytes encoded = codec.encode().apply(value);
    assertEquals(value, codec.decode().apply(encoded).orElseThrow(), codec + " seed " + seed);
    for (int length = 0; length < encoded.length(); length++) {
      assertFailure(EncryptionFailure.MALFORMED, codec.decode().apply(encoded.slice(0, length)));
    }
    byte[] longer = new byte[encoded.length() + 1];
    encoded.copyTo(longer, 0);
    assertFailure(EncryptionFailure.MALFORMED, codec.decode().apply(Bytes.of(longer)));
  }

  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("codecsAndSeeds")
  <T> void everyBitFlipIsRefusedOrIsAnotherCanonicalValue(Codec<T> codec, long seed) {
    T value = codec.generate().apply(new SplittableRandom(seed));
    byte[] encoded = codec.encode().apply(value).toArray();
    for (int i = 0; i < encoded.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] flipped = encoded.clone();
        flipped[i] ^= (byte) (1 << bit);
        Verdict<T> verdict = codec.decode().apply(Bytes.of(flipped));
        if (verdict instanceof Verdict.Accepted<T> accepted) {
          assertArrayEquals(flipped, codec.encode().apply(accepted.value()).toArray(),
              codec + " seed " + seed + ": byte " + i + " bit " + bit + " decoded to a value with another encoding");
        } else {
          assertFailure(EncryptionFailure.MALFORMED, verdict);
        }
      }
    }
  }

  /** Garbage, and valid prefixes with garbage tails: every decoder answers with a verdict, never an exception. */
  @ParameterizedTest(name = "{0} seed {1}")
  @MethodSource("codecsAndSeeds")
  <T> void garbageIsRefusedNeverThrown(Codec<T> codec, long seed) {
    SplittableRandom random = new SplittableRandom(seed * 7919);
    byte[] valid = codec.encode().apply(codec.generate().apply(random)).toArray();
    for (int round = 0; round < 300; round++) {
      int keep = random.nextInt(valid.length + 1);
      byte[] input = Arrays.copyOf(valid, keep + random.nextInt(40));
      for (int i = keep; i < input.length; i++) {
        input[i] = (byte) random.nextInt(256);
      }
      Verdict<T> verdict = codec.decode().apply(Bytes.of(input));
      if (verdict instanceof Verdict.Accepted<T> accepted) {
        assertArrayEquals(input, codec.encode().apply(accepted.value()).toArray(), codec + " seed " + seed + " round " + round);
      } else {
        assertFailure(EncryptionFailure.MALFORMED, verdict);
      }
    }
  }

  @Test
  void realBundlesAndChannelMessagesSurviveTheWire() {
    SplittableRandom random = new SplittableRandom(8);
    Fixtures alice = Fixtures.peer(random);
    Fixtures bob = Fixtures.peer(random);
    bob.local().generateOneTimePrekeys(3);
    PrekeyBundle published = PrekeyBundleCodec.decode(PrekeyBundleCodec.encode(bob.local().bundle(2))).orElseThrow();
    assertTrue(published.verify(Fixtures.NOW).isAccepted());

    SecureChannel.Opened opened = SecureChannel.open(alice.local(), published, "hi".getBytes(), Fixtures.NOW, random).orElseThrow();
    ChannelMessage.Initial initial = (ChannelMessage.Initial) ChannelMessageCodec.decode(ChannelMessageCodec.encode(opened.message())).orElseThrow();
    assertEquals(opened.message(), initial);
    assertEquals(initial.header(), X3dhHeaderCodec.decode(X3dhHeaderCodec.encode(initial.header())).orElseThrow());
    SecureChannel.Accepted accepted = SecureChannel.accept(bob.local(), initial, random).orElseThrow();
    ChannelMessage.Regular reply = accepted.channel().send("hello".getBytes()).orElseThrow();
    ChannelMessage.Regular received = (ChannelMessage.Regular) ChannelMessageCodec.decode(ChannelMessageCodec.encode(reply)).orElseThrow();
    assertEquals(Bytes.of("hello".getBytes()), opened.channel().receive(received).orElseThrow());
  }

  @Test
  void nonCanonicalAndOversizedInputsAreRefused() {
    MessageEnvelope envelope = envelope(new SplittableRandom(1));
    String hex = MessageEnvelopeCodec.encode(envelope).toHex();
    // 86 = array(6), 05 = tag, then generation and counter.
    assertTrue(hex.startsWith("8605"), hex);
    String afterTag = hex.substring(4);
    for (String bad : List.of(
        "9f05" + afterTag,          // an indefinite-length array
        "98 06 05".replace(" ", "") + afterTag, // array length in a one-byte argument: not shortest
        "8618 05".replace(" ", "") + afterTag,  // the tag in a one-byte argument
        "8604" + afterTag,          // another type's tag
        "8505" + afterTag,          // one element too few
        hex + "00")) {              // a trailing byte
      assertFailure(EncryptionFailure.MALFORMED, MessageEnvelopeCodec.decode(Bytes.fromHex(bad)));
    }
    // A byte string that announces 2^32 bytes, and a bundle that announces 2^31 one-time prekeys, are
    // refused before anything of that size is allocated.
    assertFailure(EncryptionFailure.MALFORMED, MessageEnvelopeCodec.decode(Bytes.fromHex("86050000" + "5b0000000100000000")));
    PrekeyBundle bundle = bundle(new SplittableRandom(2));
    String bundleHex = PrekeyBundleCodec.encode(new PrekeyBundle(bundle.identity(), bundle.signedPrekey(), List.of())).toHex();
    assertTrue(bundleHex.endsWith("80"), bundleHex);
    assertFailure(EncryptionFailure.MALFORMED,
        PrekeyBundleCodec.decode(Bytes.fromHex(bundleHex.substring(0, bundleHex.length() - 2) + "9a80000000")));
    // And 2^63 of them, a count that is negative as a Java long.
    assertFailure(EncryptionFailure.MALFORMED,
        PrekeyBundleCodec.decode(Bytes.fromHex(bundleHex.substring(0, bundleHex.length() - 2) + "9b8000000000000000")));
    assertFailure(EncryptionFailure.MALFORMED, ChannelMessageCodec.decode(Bytes.fromHex("9bffffffffffffffff02")));
    assertThrows(IllegalArgumentException.class, () -> ChannelMessageCodec.encode(new ChannelMessage.Regular(
        0, x25519(new SplittableRandom(3)), x25519(new SplittableRandom(4)), Bytes.of(new byte[31]), Bytes.of(new byte[16]))));
  }

  @Test
  void aPrekeyLifetimeThatEndsBeforeItBeginsIsMalformed() {
    PrekeyBundle bundle = bundle(new SplittableRandom(5));
    SignedPrekey signed = bundle.signedPrekey();
    // Encode a bundle whose notBefore and notAfter are swapped by writing the fields by hand.
    String good = PrekeyBundleCodec.encode(bundle).toHex();
    String notBefore = instantHex(signed.notBefore());
    String notAfter = instantHex(signed.notAfter());
    String bad = good.replace(notBefore + notAfter, notAfter + notBefore);
    assertTrue(!bad.equals(good), "the instants were not found in the encoding");
    assertFailure(EncryptionFailure.MALFORMED, PrekeyBundleCodec.decode(Bytes.fromHex(bad)));
  }

  private static String instantHex(Instant instant) {
    return HexFormat.of().formatHex(new CodecWriter().integer(instant.getEpochSecond()).unsigned(instant.getNano()).toByteArray());
  }

  // ---- generators ---------------------------------------------------------------------------------

  private static Bytes bytes(SplittableRandom random, int length) {
    byte[] b = new byte[length];
    random.nextBytes(b);
    return Bytes.of(b);
  }

  /** Small and large values alike, so that every CBOR argument width is exercised. */
  private static long anyLong(SplittableRandom random) {
    return switch (random.nextInt(6)) {
      case 0 -> random.nextLong(24);
      case 1 -> random.nextLong(256);
      case 2 -> random.nextLong(65_536);
      case 3 -> random.nextLong(1L << 32);
      case 4 -> random.nextLong();
      default -> -1 - random.nextLong(1L << 40);
    };
  }

  private static long anyUnsigned(SplittableRandom random, long max) {
    long value = anyLong(random);
    return value < 0 ? -(value + 1) % (max + 1) : value % (max + 1);
  }

  private static X25519PublicKey x25519(SplittableRandom random) {
    return new X25519PublicKey(bytes(random, 32));
  }

  private static IdentityBinding binding(SplittableRandom random) {
    return new IdentityBinding(new PublicKey(bytes(random, 32)), x25519(random), new Signature(bytes(random, 64)));
  }

  static X3dhHeader x3dhHeader(SplittableRandom random) {
    return new X3dhHeader(binding(random), x25519(random), anyLong(random),
        random.nextBoolean() ? OptionalLong.empty() : OptionalLong.of(anyLong(random)));
  }

  static ChannelMessage channelMessage(SplittableRandom random) {
    Bytes ciphertext = bytes(random, 16 + random.nextInt(random.nextBoolean() ? 10 : 300));
    return random.nextBoolean()
        ? new ChannelMessage.Initial(x3dhHeader(random), x25519(random), ciphertext)
        : new ChannelMessage.Regular(anyUnsigned(random, Long.MAX_VALUE), x25519(random), x25519(random), bytes(random, 32), ciphertext);
  }

  static PrekeyBundle bundle(SplittableRandom random) {
    Instant notBefore = Instant.ofEpochSecond(anyLong(random) >> 30, random.nextInt(1_000_000_000));
    Instant notAfter = notBefore.plusSeconds(1 + random.nextLong(1L << 34)).plusNanos(random.nextInt(1_000_000_000));
    SignedPrekey signed = new SignedPrekey(anyLong(random), x25519(random), notBefore, notAfter, new Signature(bytes(random, 64)));
    List<OneTimePrekey> oneTime = new ArrayList<>();
    for (int i = random.nextInt(4); i > 0; i--) {
      oneTime.add(new OneTimePrekey(anyLong(random), x25519(random)));
    }
    return new PrekeyBundle(binding(random), signed, oneTime);
  }

  static MessageEnvelope envelope(SplittableRandom random) {
    return new MessageEnvelope(anyUnsigned(random, SendingChain.MAX_COUNTER), anyUnsigned(random, SendingChain.MAX_COUNTER),
        bytes(random, 24), bytes(random, 32), bytes(random, 16 + random.nextInt(random.nextBoolean() ? 8 : 400)));
  }

  @Test
  void aRealEnvelopeRoundTrips() {
    SplittableRandom random = new SplittableRandom(9);
    SymmetricKey secret = SymmetricKey.generate(random);
    PublicKey alice = SigningKey.generate(random).publicKey();
    MessageScheme scheme = new MessageScheme(alice, RatchetLimits.DEFAULT);
    scheme.startSending(0, secret);
    MessageEnvelope envelope = scheme.sealEnvelope(LogId.ofTopic("t"), 0, "x".getBytes(), random);
    assertEquals(envelope, MessageEnvelopeCodec.decode(MessageEnvelopeCodec.encode(envelope)).orElseThrow());
  }
}
