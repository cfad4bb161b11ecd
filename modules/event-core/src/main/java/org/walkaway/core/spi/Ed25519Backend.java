package org.walkaway.core.spi;

/**
 * The Ed25519 implementation behind {@link org.walkaway.core.SigningKey} and
 * {@link org.walkaway.core.PublicKey}.
 *
 * <p>Signature verification is the bottleneck of the whole stack, so the backend is pluggable: a
 * faster one (libsodium through the FFM API, say) is registered with {@code provides
 * org.walkaway.core.spi.Ed25519Backend with ...} and picked by {@link #priority()}. The default is
 * Bouncy Castle's pure-Java RFC 8032 implementation.
 *
 * <p>A backend does the arithmetic only. The strict checks of Walkaway's event format (exactly 64
 * signature bytes, {@code S < L}, no small-order public key or {@code R}) are made by
 * {@code PublicKey.verify} before the backend is called, so every backend is held to them.
 * Implementations must be thread-safe.
 */
public interface Ed25519Backend {

  /** A short name for logs and benchmarks, such as {@code "bouncycastle"}. */
  String name();

  /** The backend with the highest priority wins; the built-in one has priority 0. */
  default int priority() {
    return 0;
  }

  /** The 32-byte public key of a 32-byte secret seed. */
  byte[] publicKey(byte[] seed);

  /** Signs {@code message[offset, offset+length)}; returns the 64-byte signature. */
  byte[] sign(byte[] seed, byte[] publicKey, byte[] message, int offset, int length);

  /**
   * Verifies a 64-byte {@code signature} over {@code message[offset, offset+length)} with the 32-byte
   * {@code publicKey} (RFC 8032, cofactorless equation). Must return false, never throw, on any
   * invalid input.
   */
  boolean verify(byte[] publicKey, byte[] signature, byte[] message, int offset, int length);
}
