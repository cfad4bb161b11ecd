package org.walkaway.core;

import java.util.Objects;
import org.bouncycastle.crypto.digests.Blake3Digest;
import org.bouncycastle.crypto.params.Blake3Parameters;

/**
 * BLAKE3 in its three modes (hash, keyed hash, key derivation), with any output length. Backed by
 * Bouncy Castle. Most code wants {@link Hash#of(byte[])} instead.
 */
public final class Blake3 {
  private Blake3() {}

  /** BLAKE3 of {@code data}, {@code outputLength} bytes long (32 is the default length). */
  public static byte[] hash(byte[] data, int outputLength) {
    return hash(data, 0, data.length, outputLength);
  }

  public static byte[] hash(byte[] data, int offset, int length, int outputLength) {
    Objects.checkFromIndexSize(offset, length, data.length);
    Blake3Digest digest = new Blake3Digest(256);
    digest.update(data, offset, length);
    return finish(digest, outputLength);
  }

  /** BLAKE3 keyed with a 32-byte {@code key} (a MAC or PRF). */
  public static byte[] keyedHash(byte[] key, byte[] data, int outputLength) {
    if (key.length != 32) {
      throw new IllegalArgumentException("BLAKE3 keys are 32 bytes, got " + key.length);
    }
    Blake3Digest digest = new Blake3Digest(256);
    digest.init(Blake3Parameters.key(key));
    digest.update(data, 0, data.length);
    return finish(digest, outputLength);
  }

  /**
   * BLAKE3's key derivation mode. {@code context} must be a hard-coded, globally unique,
   * application-specific string, as the BLAKE3 paper asks.
   */
  public static byte[] deriveKey(String context, byte[] material, int outputLength) {
    Blake3Digest digest = new Blake3Digest(256);
    digest.init(Blake3Parameters.context(context.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    digest.update(material, 0, material.length);
    return finish(digest, outputLength);
  }

  private static byte[] finish(Blake3Digest digest, int outputLength) {
    if (outputLength < 1) {
      throw new IllegalArgumentException("output length must be positive, got " + outputLength);
    }
    byte[] out = new byte[outputLength];
    digest.doFinal(out, 0, outputLength);
    return out;
  }
}
