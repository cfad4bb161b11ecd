package org.walkaway.conformance;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The signatures that only a lax Ed25519 verifier accepts, made on purpose for the header vectors,
 * so that each vector's only defect is the one strict verification must catch.
 *
 * <ul>
 *   <li>a small-order public key (the identity): {@code R = [a]B, S = a} satisfies
 *       {@code [S]B = R + [k]A} for every message, because {@code [k]A} is the identity;</li>
 *   <li>a small-order {@code R} (the identity): {@code S = k·a mod L} satisfies
 *       {@code [S]B = R + [k]A} with a real key {@code A = [a]B};</li>
 *   <li>{@code S + L} instead of {@code S}: the same point, a second encoding (malleability).</li>
 * </ul>
 */
final class Ed25519Forgery {
  private Ed25519Forgery() {}

  /** The group order L. */
  static final BigInteger L =
      BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));

  /** The identity point, canonical encoding (y = 1): a point of order 1. */
  static final byte[] IDENTITY = identity();

  private static byte[] identity() {
    byte[] identity = new byte[32];
    identity[0] = 1;
    return identity;
  }

  /** The secret scalar a of an RFC 8032 seed: SHA-512 of the seed, lower half, clamped. */
  static BigInteger secretScalar(byte[] seed) {
    byte[] h = Arrays.copyOf(sha512(seed), 32);
    h[0] &= (byte) 248;
    h[31] &= 127;
    h[31] |= 64;
    return fromLittleEndian(h);
  }

  /** A signature that verifies under the identity key for any message, with lax verification. */
  static byte[] forSmallOrderKey(byte[] seed, byte[] publicKeyOfSeed) {
    return concat(publicKeyOfSeed, toLittleEndian(secretScalar(seed).mod(L)));
  }

  /** A signature with R the identity that verifies {@code message} under the seed's key, laxly. */
  static byte[] withSmallOrderR(byte[] seed, byte[] publicKeyOfSeed, byte[] message) {
    BigInteger k = fromLittleEndian(sha512(concat(IDENTITY, publicKeyOfSeed, message))).mod(L);
    BigInteger s = k.multiply(secretScalar(seed)).mod(L);
    return concat(IDENTITY, toLittleEndian(s));
  }

  /** The same signature with S replaced by S + L (still below 2^256). */
  static byte[] malleated(byte[] signature) {
    BigInteger s = fromLittleEndian(Arrays.copyOfRange(signature, 32, 64));
    return concat(Arrays.copyOf(signature, 32), toLittleEndian(s.add(L)));
  }

  static BigInteger fromLittleEndian(byte[] bytes) {
    byte[] bigEndian = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      bigEndian[i] = bytes[bytes.length - 1 - i];
    }
    return new BigInteger(1, bigEndian);
  }

  static byte[] toLittleEndian(BigInteger value) {
    byte[] bigEndian = value.toByteArray();
    byte[] out = new byte[32];
    for (int i = 0; i < bigEndian.length && i < 33; i++) {
      int target = bigEndian.length - 1 - i;
      if (i < 32) {
        out[i] = bigEndian[target];
      } else if (bigEndian[target] != 0) {
        throw new IllegalArgumentException("does not fit in 32 bytes: " + value);
      }
    }
    return out;
  }

  private static byte[] sha512(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-512").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-512", e);
    }
  }

  private static byte[] concat(byte[]... parts) {
    return Cbor.concat(parts);
  }
}
