package org.walkaway.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.walkaway.core.testkit.Ed25519Forgery;

/** {@link SigningKey} and {@link PublicKey}: known answers, strict verification, secret hygiene. */
class KeysTest {
  private static final String RFC_TEST1_SEED = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
  private static final String RFC_TEST1_PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
  private static final String RFC_TEST1_SIGNATURE =
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

  /**
   * Every encoding of a point of small order, as listed in {@code StrictEd25519}: y = 0, y = 1, the
   * two y of the order-8 points, y = p - 1, and the non-canonical y = p and y = p + 1.
   */
  static final List<String> SMALL_ORDER_ENCODINGS =
      List.of(
          "0000000000000000000000000000000000000000000000000000000000000000",
          "0100000000000000000000000000000000000000000000000000000000000000",
          "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
          "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
          "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
          "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
          "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");

  /** Each small-order encoding with the sign bit clear and set. */
  static List<byte[]> smallOrderWithSignBits() {
    List<byte[]> all = new ArrayList<>();
    for (String hex : SMALL_ORDER_ENCODINGS) {
      byte[] clear = Bytes.fromHex(hex).toArray();
      clear[31] &= 0x7f;
      byte[] set = clear.clone();
      set[31] |= (byte) 0x80;
      all.add(clear);
      all.add(set);
    }
    return all;
  }

  private static final SigningKey RFC_KEY = SigningKey.fromSeedHex(RFC_TEST1_SEED);
  private static final byte[] MESSAGE = "walkaway".getBytes(StandardCharsets.UTF_8);

  @Test
  void rfc8032Test1KnownAnswer() {
    assertEquals(RFC_TEST1_PUBLIC, RFC_KEY.publicKey().toHex());
    Signature signature = RFC_KEY.sign(new byte[0]);
    assertEquals(RFC_TEST1_SIGNATURE, signature.toHex());
    assertTrue(RFC_KEY.publicKey().verify(new byte[0], signature));
    assertTrue(PublicKey.fromHex(RFC_TEST1_PUBLIC).verify(new byte[0], Signature.fromHex(RFC_TEST1_SIGNATURE)));
    assertFalse(RFC_KEY.publicKey().verify(new byte[] {0}, signature), "another message");
  }

  @Test
  void rfc8032Test2KnownAnswer() {
    SigningKey key = SigningKey.fromSeedHex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb");
    assertEquals("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", key.publicKey().toHex());
    assertEquals(
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
        key.sign(new byte[] {0x72}).toHex());
  }

  /** Wycheproof ed25519_test.json tcId 37, 63 and 64: a trailing zero byte, S + L and S + 2L. */
  @Test
  void wycheproofMalleabilityCases() {
    PublicKey key = PublicKey.fromHex("7d4d0e7f6153a69b6242b522abbee685fda4420f8834b108c3bdae369ef549fa");
    byte[] message = Bytes.fromHex("54657374").toArray();
    assertFalse(key.verify(message, Bytes.fromHex(
        "7c38e026f29e14aabd059a0f2db8b0cd783040609a8be684db12f82a27774ab07a9155711ecfaf7f99f277bad0c6ae7e39d4eef676573336a5c51eb6f946b30d00").toArray()), "tcId 37");
    assertFalse(key.verify(message, Signature.fromHex(
        "7c38e026f29e14aabd059a0f2db8b0cd783040609a8be684db12f82a27774ab067654bce3832c2d76f8f6f5dafc08d9339d4eef676573336a5c51eb6f946b31d")), "tcId 63");
    assertFalse(key.verify(message, Signature.fromHex(
        "7c38e026f29e14aabd059a0f2db8b0cd783040609a8be684db12f82a27774ab05439412b5395d42f462c67008eba6ca839d4eef676573336a5c51eb6f946b32d")), "tcId 64");
    // tcId 37 without its trailing byte is the valid signature the malleable ones were made from.
    assertTrue(key.verify(message, Signature.fromHex(
        "7c38e026f29e14aabd059a0f2db8b0cd783040609a8be684db12f82a27774ab07a9155711ecfaf7f99f277bad0c6ae7e39d4eef676573336a5c51eb6f946b30d")));
  }

  static LongStream seeds() {
    return LongStream.range(0, 20).map(i -> 0x4e75L * 7919 + i);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void signaturesVerifyOnlyForTheirKeyAndMessage(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    SigningKey key = SigningKey.generate(random);
    SigningKey other = SigningKey.generate(random);
    byte[] message = new byte[random.nextInt(0, 200)];
    random.nextBytes(message);
    Signature signature = key.sign(message);
    assertTrue(key.publicKey().verify(message, signature), () -> "seed " + seed);
    assertFalse(other.publicKey().verify(message, signature), () -> "seed " + seed + ": another key");
    byte[] changed = Arrays.copyOf(message, message.length + 1);
    assertFalse(key.publicKey().verify(changed, signature), () -> "seed " + seed + ": another message");
    assertEquals(signature, key.sign(message), () -> "seed " + seed + ": Ed25519 is deterministic");
    byte[] framed = new byte[message.length + 10];
    System.arraycopy(message, 0, framed, 5, message.length);
    assertEquals(signature, key.sign(framed, 5, message.length), () -> "seed " + seed + ": offset");
    assertTrue(
        key.publicKey().verify(framed, 5, message.length, signature.bytes().toArray()),
        () -> "seed " + seed + ": offset");
    assertEquals(key, SigningKey.generate(new SplittableRandom(seed)), () -> "seed " + seed + ": reproducible");
  }

  @Test
  void signaturesOfAnyOtherLengthAreFalse() {
    byte[] signature = RFC_KEY.sign(MESSAGE).bytes().toArray();
    PublicKey key = RFC_KEY.publicKey();
    assertTrue(key.verify(MESSAGE, signature));
    assertFalse(key.verify(MESSAGE, Arrays.copyOf(signature, 63)), "63 bytes");
    assertFalse(key.verify(MESSAGE, Arrays.copyOf(signature, 65)), "65 bytes, a zero appended");
    assertFalse(key.verify(MESSAGE, new byte[0]), "empty");
    assertThrows(IllegalArgumentException.class, () -> new Signature(Bytes.of(new byte[63])));
    assertThrows(IllegalArgumentException.class, () -> new Signature(Bytes.of(new byte[65])));
  }

  @Test
  void scalarsAtOrAboveTheGroupOrderAreFalse() {
    byte[] signature = RFC_KEY.sign(MESSAGE).bytes().toArray();
    for (int multiple = 1; multiple <= 15; multiple++) { // S + 15L still fits 256 bits
      byte[] malleable = Ed25519Forgery.withScalarPlusL(signature, multiple);
      assertFalse(RFC_KEY.publicKey().verify(MESSAGE, malleable), "S + " + multiple + "L");
    }
    byte[] sEqualsL = signature.clone();
    System.arraycopy(Ed25519Forgery.toLittleEndian32(Ed25519Forgery.L), 0, sEqualsL, 32, 32);
    assertFalse(RFC_KEY.publicKey().verify(MESSAGE, sEqualsL), "S = L");
    byte[] sAllOnes = signature.clone();
    Arrays.fill(sAllOnes, 32, 64, (byte) 0xff);
    assertFalse(RFC_KEY.publicKey().verify(MESSAGE, sAllOnes), "S = 2^256 - 1");
  }

  /**
   * With the identity as public key, (R = identity, S = 0) satisfies the verification equation for
   * every message. So does any R = -[k]A for the other small-order keys; strictness refuses them all.
   */
  @Test
  void smallOrderPublicKeysNeverVerify() {
    for (byte[] key : smallOrderWithSignBits()) {
      PublicKey publicKey = new PublicKey(Bytes.of(key));
      for (byte[] r : smallOrderWithSignBits()) {
        byte[] signature = new byte[64];
        System.arraycopy(r, 0, signature, 0, 32); // S = 0
        assertFalse(publicKey.verify(MESSAGE, signature), () -> "key " + Bytes.of(key) + ", R " + Bytes.of(r));
        assertFalse(publicKey.verify(new byte[0], signature), () -> "key " + Bytes.of(key) + ", R " + Bytes.of(r));
      }
      assertFalse(publicKey.verify(MESSAGE, RFC_KEY.sign(MESSAGE)), () -> "key " + Bytes.of(key));
    }
  }

  @Test
  void smallOrderCommitmentsNeverVerify() {
    byte[] seed = RFC_KEY.seed(InsecureSecretAccess.get());
    byte[] publicKey = RFC_KEY.publicKey().bytes().toArray();
    for (byte[] r : smallOrderWithSignBits()) {
      byte[] forged = Ed25519Forgery.withCommitment(seed, publicKey, r, MESSAGE);
      assertFalse(RFC_KEY.publicKey().verify(MESSAGE, forged), () -> "R " + Bytes.of(r));
      byte[] spliced = RFC_KEY.sign(MESSAGE).bytes().toArray();
      System.arraycopy(r, 0, spliced, 0, 32);
      assertFalse(RFC_KEY.publicKey().verify(MESSAGE, spliced), () -> "R " + Bytes.of(r) + " spliced in");
    }
    Arrays.fill(seed, (byte) 0);
  }

  @Test
  void fromSeedCopiesAndChecksItsInput() {
    byte[] seed = Bytes.fromHex(RFC_TEST1_SEED).toArray();
    SigningKey key = SigningKey.fromSeed(seed);
    Arrays.fill(seed, (byte) 0);
    assertEquals(RFC_TEST1_PUBLIC, key.publicKey().toHex(), "the key kept its own copy");
    assertEquals(RFC_KEY, key);
    assertEquals(RFC_KEY, SigningKey.fromSeedHex("  " + RFC_TEST1_SEED.toUpperCase(Locale.ROOT) + "\n"));
    assertThrows(IllegalArgumentException.class, () -> SigningKey.fromSeed(new byte[31]));
    assertThrows(IllegalArgumentException.class, () -> SigningKey.fromSeed(new byte[33]));
    assertThrows(IllegalArgumentException.class, () -> SigningKey.fromSeedHex(RFC_TEST1_SEED.substring(2)));
    assertThrows(IllegalArgumentException.class, () -> SigningKey.fromSeedHex(RFC_TEST1_SEED + "00"));
    assertThrows(IllegalArgumentException.class, () -> SigningKey.fromSeedHex("zz" + RFC_TEST1_SEED.substring(2)));
    byte[] copy = key.seed(InsecureSecretAccess.get());
    assertEquals(RFC_TEST1_SEED, Bytes.of(copy).toHex());
    copy[0] ^= 1;
    assertEquals(RFC_TEST1_SEED, Bytes.of(key.seed(InsecureSecretAccess.get())).toHex(), "seed() hands out a copy");
  }

  @Test
  void toStringNeverShowsTheSeed() {
    List<SigningKey> keys = new ArrayList<>(List.of(RFC_KEY, SigningKey.fromSeed(new byte[32])));
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 20; i++) {
      keys.add(SigningKey.generate(random));
    }
    for (SigningKey key : keys) {
      String seedHex = Bytes.of(key.seed(InsecureSecretAccess.get())).toHex();
      String text = key.toString();
      assertFalse(text.toLowerCase(Locale.ROOT).contains(seedHex), text);
      assertFalse(text.contains(seedHex.substring(0, 16)), text);
      assertTrue(text.contains(key.publicKey().toHex()), text);
    }
  }

  @Test
  void destroyZeroesTheSeedAndLaterUseThrows() throws ReflectiveOperationException {
    SigningKey key = SigningKey.fromSeedHex(RFC_TEST1_SEED);
    PublicKey publicKey = key.publicKey();
    assertFalse(key.isDestroyed());
    key.destroy();
    assertTrue(key.isDestroyed());
    var field = SigningKey.class.getDeclaredField("seed");
    field.setAccessible(true);
    assertArrayEquals(new byte[32], (byte[]) field.get(key), "the seed's memory is zeroed");
    assertThrows(IllegalStateException.class, () -> key.sign(MESSAGE));
    assertThrows(IllegalStateException.class, () -> key.sign(MESSAGE, 0, 1));
    assertThrows(IllegalStateException.class, () -> key.seed(InsecureSecretAccess.get()));
    assertThrows(IllegalStateException.class, () -> EventBuilder.create().sign(key));
    assertEquals(publicKey, key.publicKey(), "the public key stays readable");
    key.destroy(); // idempotent
    assertTrue(key.isDestroyed());
  }

  @Test
  void equalsIsBySeed() {
    SigningKey a = SigningKey.fromSeedHex(RFC_TEST1_SEED);
    SigningKey b = SigningKey.fromSeedHex(RFC_TEST1_SEED);
    SigningKey c = SigningKey.generate(new SplittableRandom(1));
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertNotEquals(a, c);
    assertNotEquals(a, a.publicKey());
    assertNotEquals(null, a);
  }

  /**
   * A destroyed key has no seed left to compare: it equals only itself. (Comparing the zeroed
   * seeds made every destroyed key equal to every other one and to the all-zero seed, while their
   * hash codes differ.)
   */
  @Test
  void aDestroyedKeyEqualsOnlyItself() {
    SigningKey zeroSeed = SigningKey.fromSeed(new byte[32]);
    SigningKey a = SigningKey.fromSeedHex(RFC_TEST1_SEED);
    SigningKey b = SigningKey.generate(new SplittableRandom(7));
    a.destroy();
    b.destroy();
    assertEquals(a, a);
    assertNotEquals(a, zeroSeed);
    assertNotEquals(zeroSeed, a);
    assertNotEquals(a, b);
    assertNotEquals(a, SigningKey.fromSeedHex(RFC_TEST1_SEED));
  }

  @Test
  void publicKeysHaveExactly32Bytes() {
    assertThrows(IllegalArgumentException.class, () -> new PublicKey(Bytes.of(new byte[31])));
    assertThrows(IllegalArgumentException.class, () -> PublicKey.fromHex(RFC_TEST1_PUBLIC + "00"));
    assertEquals(RFC_KEY.publicKey(), PublicKey.fromHex(RFC_TEST1_PUBLIC.toUpperCase(Locale.ROOT)));
    assertEquals(RFC_TEST1_PUBLIC, RFC_KEY.publicKey().toString());
  }
}
