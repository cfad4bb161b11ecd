package org.walkaway.encryption.internal;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/** HKDF-SHA256 (RFC 5869) through Bouncy Castle's {@code HKDFBytesGenerator}. */
public final class Hkdf {
  public static final int HASH_LENGTH = 32;
  /** RFC 5869 §2.3: L is at most 255 times the hash length. */
  public static final int MAX_OUTPUT = 255 * HASH_LENGTH;

  private Hkdf() {}

  /** HKDF-Extract(salt, ikm). An empty salt is the same as HashLen zero bytes (RFC 5869 §2.2). */
  public static byte[] extract(byte[] salt, byte[] ikm) {
    return new HKDFBytesGenerator(new SHA256Digest()).extractPRK(salt.length == 0 ? null : salt, ikm);
  }

  /** HKDF-Expand(prk, info, length). */
  public static byte[] expand(byte[] prk, byte[] info, int length) {
    checkLength(length);
    if (prk.length < HASH_LENGTH) {
      throw new IllegalArgumentException("an HKDF PRK is at least 32 bytes, got " + prk.length);
    }
    HKDFBytesGenerator generator = new HKDFBytesGenerator(new SHA256Digest());
    generator.init(HKDFParameters.skipExtractParameters(prk, info));
    byte[] out = new byte[length];
    generator.generateBytes(out, 0, length);
    return out;
  }

  /** Extract then expand. */
  public static byte[] derive(byte[] salt, byte[] ikm, byte[] info, int length) {
    checkLength(length);
    HKDFBytesGenerator generator = new HKDFBytesGenerator(new SHA256Digest());
    generator.init(new HKDFParameters(ikm, salt.length == 0 ? null : salt, info));
    byte[] out = new byte[length];
    generator.generateBytes(out, 0, length);
    return out;
  }

  private static void checkLength(int length) {
    if (length < 0 || length > MAX_OUTPUT) {
      throw new IllegalArgumentException("HKDF-SHA256 gives 0 to " + MAX_OUTPUT + " bytes, asked for " + length);
    }
  }
}
