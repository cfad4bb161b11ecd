package org.walkaway.core.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.walkaway.core.Bytes;
import org.walkaway.core.PublicKey;
import org.walkaway.core.SigningKey;
import org.walkaway.core.testkit.Ed25519Forgery;

/** The strictness checks on their own, and proof that the backend needs them. */
class StrictEd25519Test {
  private static final List<String> SMALL_ORDER =
      List.of(
          "0000000000000000000000000000000000000000000000000000000000000000",
          "0100000000000000000000000000000000000000000000000000000000000000",
          "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
          "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
          "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
          "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
          "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");

  @Test
  void recognisesEverySmallOrderEncodingWithEitherSignBitAtAnyOffset() {
    for (String hex : SMALL_ORDER) {
      byte[] encoded = Bytes.fromHex(hex).toArray();
      assertTrue(StrictEd25519.isSmallOrder(encoded, 0), hex);
      encoded[31] ^= (byte) 0x80;
      assertTrue(StrictEd25519.isSmallOrder(encoded, 0), hex + " with the sign bit flipped");
      byte[] framed = new byte[40];
      System.arraycopy(encoded, 0, framed, 5, 32);
      assertTrue(StrictEd25519.isSmallOrder(framed, 5), hex + " at offset 5");
    }
  }

  @Test
  void ordinaryKeysAreNotSmallOrder() {
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 200; i++) {
      byte[] key = SigningKey.generate(random).publicKey().bytes().toArray();
      assertFalse(StrictEd25519.isSmallOrder(key, 0), Bytes.of(key).toHex());
    }
    byte[] two = new byte[32];
    two[0] = 2;
    assertFalse(StrictEd25519.isSmallOrder(two, 0), "y = 2");
  }

  @Test
  void canonicalScalarsAreExactlyThoseBelowL() {
    BigInteger l = Ed25519Forgery.L;
    for (BigInteger s : List.of(BigInteger.ZERO, BigInteger.ONE, l.subtract(BigInteger.ONE), BigInteger.TWO.pow(252))) {
      assertTrue(StrictEd25519.isCanonicalScalar(Ed25519Forgery.toLittleEndian32(s), 0), s.toString(16));
    }
    for (BigInteger s :
        List.of(l, l.add(BigInteger.ONE), BigInteger.TWO.pow(253), BigInteger.TWO.pow(256).subtract(BigInteger.ONE))) {
      assertFalse(StrictEd25519.isCanonicalScalar(Ed25519Forgery.toLittleEndian32(s), 0), s.toString(16));
    }
  }

  /**
   * (R = identity, S = k·a) passes Bouncy Castle's RFC 8032 verification under an honest key; only
   * the small-order check on R refuses it. If this ever fails because the backend got stricter, the
   * check is still right, but this test should then say so.
   */
  @Test
  void theBackendAloneAcceptsASmallOrderCommitmentAndStrictVerificationDoesNot() {
    SigningKey key = SigningKey.generate(new SplittableRandom(11));
    byte[] seed = key.seed(org.walkaway.core.InsecureSecretAccess.get());
    byte[] publicKey = key.publicKey().bytes().toArray();
    byte[] message = "forged".getBytes(StandardCharsets.UTF_8);
    byte[] identity = Bytes.fromHex(SMALL_ORDER.get(1)).toArray();
    byte[] forged = Ed25519Forgery.withCommitment(seed, publicKey, identity, message);
    assertTrue(new BouncyCastleEd25519().verify(publicKey, forged, message, 0, message.length));
    assertFalse(key.publicKey().verify(message, forged));
    assertFalse(new PublicKey(Bytes.of(publicKey)).verify(message, forged));
  }
}
