package org.walkaway.encryption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.walkaway.encryption.PrekeyBundleTest.assertFailure;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.bouncycastle.crypto.engines.XChaCha20Engine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.walkaway.core.Bytes;
import org.walkaway.core.LogId;
import org.walkaway.core.SigningKey;
import org.walkaway.encryption.internal.Aead;

class BodyCipherTest {
  private final SplittableRandom random = new SplittableRandom(5);
  private final SymmetricKey key = SymmetricKey.generate(random);
  private final BodyContext context = new BodyContext(SigningKey.generate(random).publicKey(), LogId.ofTopic("chat"), 7,
      KeyId.of(new byte[] {1, 2, 3}));
  private final byte[] body = "the body of an event".getBytes();

  @Test
  void roundTripsAndUsesAFreshNonceEachTime() {
    Bytes a = BodyCipher.seal(key, context, body, random);
    Bytes b = BodyCipher.seal(key, context, body, random);
    assertNotEquals(a, b);
    assertEquals(body.length + BodyCipher.OVERHEAD, a.length());
    assertArrayEquals(body, BodyCipher.open(key, context, a).orElseThrow());
    assertArrayEquals(new byte[0], BodyCipher.open(key, context, BodyCipher.seal(key, context, new byte[0], random)).orElseThrow());
  }

  @Test
  void everyChangedByteIsRejected() {
    Bytes sealed = BodyCipher.seal(key, context, body, random);
    for (int i = 1; i < sealed.length(); i++) {
      byte[] tampered = sealed.toArray();
      tampered[i] ^= 0x20;
      EncryptionFailure expected = i < 1 + BodyCipher.NONCE_LENGTH + BodyCipher.COMMITMENT_LENGTH && i >= 1 + BodyCipher.NONCE_LENGTH
          ? EncryptionFailure.KEY_COMMITMENT_MISMATCH // the commitment itself
          : i < 1 + BodyCipher.NONCE_LENGTH ? EncryptionFailure.KEY_COMMITMENT_MISMATCH // the nonce feeds the commitment
          : EncryptionFailure.AUTHENTICATION_FAILED; // ciphertext and tag
      assertFailure(expected, BodyCipher.open(key, context, Bytes.of(tampered)));
    }
    byte[] otherVersion = sealed.toArray();
    otherVersion[0] = 2;
    assertFailure(EncryptionFailure.MALFORMED, BodyCipher.open(key, context, Bytes.of(otherVersion)));
    assertFailure(EncryptionFailure.MALFORMED, BodyCipher.open(key, context, sealed.slice(0, BodyCipher.OVERHEAD - 1)));
  }

  @Test
  void theHeaderFieldsAreBound() {
    Bytes sealed = BodyCipher.seal(key, context, body, random);
    BodyContext[] moved = {
      new BodyContext(SigningKey.generate(random).publicKey(), context.logId(), context.seqNum(), context.keyId()),
      new BodyContext(context.author(), LogId.ofTopic("other"), context.seqNum(), context.keyId()),
      new BodyContext(context.author(), context.logId(), context.seqNum() + 1, context.keyId()),
      new BodyContext(context.author(), context.logId(), context.seqNum(), KeyId.of(new byte[] {1, 2, 4})),
    };
    for (BodyContext other : moved) {
      assertFailure(EncryptionFailure.AUTHENTICATION_FAILED, BodyCipher.open(key, other, sealed));
    }
  }

  @Test
  void aWrongKeyIsRejectedByTheCommitment() {
    Bytes sealed = BodyCipher.seal(key, context, body, random);
    assertFailure(EncryptionFailure.KEY_COMMITMENT_MISMATCH, BodyCipher.open(SymmetricKey.generate(random), context, sealed));
  }

  /**
   * The two-keys ("invisible salamander") attack. Knowing two keys, the attacker builds ONE
   * ciphertext whose Poly1305 tag is valid under both subkeys, by solving for one free ciphertext
   * block over GF(2^130 - 5). Plain XChaCha20-Poly1305 opens it under both keys, to two different
   * plaintexts; the committed envelope opens it under the first key only.
   */
  @RepeatedTest(3)
  void theTwoKeysAttackWorksOnThePlainAeadAndIsBlockedByTheCommitment() {
    long seed = new SplittableRandom().nextLong();
    SplittableRandom r = new SplittableRandom(seed);
    SymmetricKey k1 = SymmetricKey.generate(r);
    SymmetricKey k2 = SymmetricKey.generate(r);
    byte[] nonce = new byte[BodyCipher.NONCE_LENGTH];
    r.nextBytes(nonce);
    byte[] d1 = BodyCipher.derive(k1, nonce);
    byte[] d2 = BodyCipher.derive(k2, nonce);
    byte[] e1 = Arrays.copyOfRange(d1, 32, 64);
    byte[] e2 = Arrays.copyOfRange(d2, 32, 64);
    byte[] ad = BodyCipher.associatedData(context);

    byte[] ciphertextAndTag = Salamander.collide(e1, e2, nonce, ad, 4, r);

    byte[] p1 = Aead.XCHACHA20_POLY1305.open(e1, nonce, ad, ciphertextAndTag).orElseThrow();
    byte[] p2 = Aead.XCHACHA20_POLY1305.open(e2, nonce, ad, ciphertextAndTag).orElseThrow();
    assertFalse(Arrays.equals(p1, p2), "seed " + seed + ": two plaintexts from one ciphertext");

    byte[] envelope = new byte[1 + 24 + 32 + ciphertextAndTag.length];
    envelope[0] = BodyCipher.VERSION;
    System.arraycopy(nonce, 0, envelope, 1, 24);
    System.arraycopy(d1, 0, envelope, 25, 32);
    System.arraycopy(ciphertextAndTag, 0, envelope, 57, ciphertextAndTag.length);
    assertArrayEquals(p1, BodyCipher.open(k1, context, Bytes.of(envelope)).orElseThrow(), "seed " + seed);
    assertFailure(EncryptionFailure.KEY_COMMITMENT_MISMATCH, BodyCipher.open(k2, context, Bytes.of(envelope)));
  }

  /** Builds a Poly1305 multi-key collision for XChaCha20-Poly1305 (test code only: an attack, not a primitive). */
  static final class Salamander {
    private static final BigInteger P = BigInteger.ONE.shiftLeft(130).subtract(BigInteger.valueOf(5));
    private static final BigInteger TWO_128 = BigInteger.ONE.shiftLeft(128);

    static byte[] collide(byte[] key1, byte[] key2, byte[] nonce, byte[] ad, int blocks, SplittableRandom random) {
      BigInteger[] rs1 = polyKey(key1, nonce);
      BigInteger[] rs2 = polyKey(key2, nonce);
      int adBlocks = (ad.length + 15) / 16;
      int total = adBlocks + blocks + 1;
      int free = adBlocks; // the first ciphertext block
      int exponent = total - free;
      BigInteger slope = rs1[0].modPow(BigInteger.valueOf(exponent), P).subtract(rs2[0].modPow(BigInteger.valueOf(exponent), P)).mod(P);
      for (int attempt = 0; attempt < 100_000; attempt++) {
        byte[] ct = new byte[16 * blocks];
        random.nextBytes(ct);
        Arrays.fill(ct, 0, 16, (byte) 0);
        BigInteger h1 = accumulate(rs1[0], ad, ct);
        BigInteger h2 = accumulate(rs2[0], ad, ct);
        for (int t = -3; t <= 3; t++) {
          BigInteger target = rs2[1].subtract(rs1[1]).add(TWO_128.multiply(BigInteger.valueOf(t)));
          if (target.abs().compareTo(P) >= 0) {
            continue;
          }
          BigInteger x = target.subtract(h1).add(h2).multiply(slope.modInverse(P)).mod(P);
          if (x.compareTo(TWO_128) >= 0) {
            continue;
          }
          BigInteger shift = x.multiply(BigInteger.ONE); // block value changes by x
          BigInteger f1 = h1.add(shift.multiply(rs1[0].modPow(BigInteger.valueOf(exponent), P))).mod(P);
          BigInteger f2 = h2.add(shift.multiply(rs2[0].modPow(BigInteger.valueOf(exponent), P))).mod(P);
          if (!f1.subtract(f2).equals(target)) {
            continue;
          }
          byte[] block = littleEndian(x, 16);
          System.arraycopy(block, 0, ct, 0, 16);
          byte[] tag = littleEndian(f1.add(rs1[1]).mod(TWO_128), 16);
          byte[] out = Arrays.copyOf(ct, ct.length + 16);
          System.arraycopy(tag, 0, out, ct.length, 16);
          return out;
        }
      }
      throw new AssertionError("no collision found");
    }

    /** (r clamped, s) from the first 32 bytes of the XChaCha20 keystream at counter 0. */
    private static BigInteger[] polyKey(byte[] key, byte[] nonce) {
      XChaCha20Engine engine = new XChaCha20Engine();
      engine.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
      byte[] block = new byte[64];
      engine.processBytes(new byte[64], 0, 64, block, 0);
      byte[] rBytes = Arrays.copyOf(block, 16);
      rBytes[3] &= 15; rBytes[7] &= 15; rBytes[11] &= 15; rBytes[15] &= 15;
      rBytes[4] &= (byte) 252; rBytes[8] &= (byte) 252; rBytes[12] &= (byte) 252;
      return new BigInteger[] {fromLittleEndian(rBytes), fromLittleEndian(Arrays.copyOfRange(block, 16, 32))};
    }

    /** The Poly1305 accumulator over the RFC 8439 AEAD layout, before adding s. */
    private static BigInteger accumulate(BigInteger r, byte[] ad, byte[] ct) {
      byte[] padded = new byte[16 * ((ad.length + 15) / 16) + ct.length + 16];
      System.arraycopy(ad, 0, padded, 0, ad.length);
      System.arraycopy(ct, 0, padded, 16 * ((ad.length + 15) / 16), ct.length);
      byte[] lengths = new byte[16];
      System.arraycopy(littleEndian(BigInteger.valueOf(ad.length), 8), 0, lengths, 0, 8);
      System.arraycopy(littleEndian(BigInteger.valueOf(ct.length), 8), 0, lengths, 8, 8);
      System.arraycopy(lengths, 0, padded, padded.length - 16, 16);
      BigInteger h = BigInteger.ZERO;
      for (int i = 0; i < padded.length; i += 16) {
        BigInteger m = fromLittleEndian(Arrays.copyOfRange(padded, i, i + 16)).add(TWO_128);
        h = h.add(m).multiply(r).mod(P);
      }
      return h;
    }

    private static BigInteger fromLittleEndian(byte[] bytes) {
      byte[] big = new byte[bytes.length + 1];
      for (int i = 0; i < bytes.length; i++) {
        big[bytes.length - i] = bytes[i];
      }
      return new BigInteger(big);
    }

    private static byte[] littleEndian(BigInteger value, int length) {
      byte[] big = value.toByteArray();
      byte[] out = new byte[length];
      for (int i = 0; i < length && i < big.length; i++) {
        out[i] = big[big.length - 1 - i];
      }
      return out;
    }
  }

  @Test
  void sealedBodiesOfTheSameBodyDifferEvenUnderOneKey() {
    assertTrue(!BodyCipher.seal(key, context, body, random).equals(BodyCipher.seal(key, context, body, random)));
  }
}
