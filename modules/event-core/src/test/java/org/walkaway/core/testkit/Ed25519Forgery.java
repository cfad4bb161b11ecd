package org.walkaway.core.testkit;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Ed25519 arithmetic on scalars, to build signatures that a loose verifier accepts and a strict one
 * must refuse. Knowing the secret scalar {@code a}, the signature {@code (R = identity, S = k·a)}
 * satisfies the cofactorless equation {@code [S]B = R + [k]A}, with the small-order identity point
 * as {@code R}; RFC 8032 alone does not forbid it, {@code verify_strict} does.
 */
public final class Ed25519Forgery {
  private Ed25519Forgery() {}

  /** The group order L = 2^252 + 27742317777372353535851937790883648493. */
  public static final BigInteger L =
      BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));

  /** The signature (R, k·a mod L) with R given as 32 bytes, over {@code message}. */
  public static byte[] withCommitment(byte[] seed, byte[] publicKey, byte[] r, byte[] message) {
    BigInteger k = littleEndian(sha512(r, publicKey, message)).mod(L);
    BigInteger s = k.multiply(secretScalar(seed)).mod(L);
    byte[] signature = new byte[64];
    System.arraycopy(r, 0, signature, 0, 32);
    System.arraycopy(toLittleEndian32(s), 0, signature, 32, 32);
    return signature;
  }

  /** The same signature with S replaced by S + multiple·L (the same scalar mod L, not canonical). */
  public static byte[] withScalarPlusL(byte[] signature, int multiple) {
    BigInteger s = littleEndian(Arrays.copyOfRange(signature, 32, 64));
    byte[] out = signature.clone();
    System.arraycopy(toLittleEndian32(s.add(L.multiply(BigInteger.valueOf(multiple)))), 0, out, 32, 32);
    return out;
  }

  /** RFC 8032's clamped secret scalar of a 32-byte seed. */
  public static BigInteger secretScalar(byte[] seed) {
    byte[] h = Arrays.copyOf(sha512(seed), 32);
    h[0] &= (byte) 248;
    h[31] &= 127;
    h[31] |= 64;
    return littleEndian(h);
  }

  public static BigInteger littleEndian(byte[] bytes) {
    byte[] bigEndian = new byte[bytes.length + 1]; // a leading 0 keeps it positive
    for (int i = 0; i < bytes.length; i++) {
      bigEndian[bytes.length - i] = bytes[i];
    }
    return new BigInteger(bigEndian);
  }

  public static byte[] toLittleEndian32(BigInteger value) {
    if (value.signum() < 0 || value.bitLength() > 256) {
      throw new IllegalArgumentException("not a 256-bit unsigned value: " + value);
    }
    byte[] bigEndian = value.toByteArray();
    byte[] out = new byte[32];
    for (int i = 0; i < 32 && i < bigEndian.length; i++) {
      out[i] = bigEndian[bigEndian.length - 1 - i];
    }
    return out;
  }

  private static byte[] sha512(byte[]... parts) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-512");
      for (byte[] part : parts) {
        digest.update(part);
      }
      return digest.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-512", e);
    }
  }
}
