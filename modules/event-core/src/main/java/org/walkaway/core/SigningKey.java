package org.walkaway.core;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.random.RandomGenerator;
import javax.security.auth.Destroyable;
import org.walkaway.core.internal.Ed25519Backends;

/**
 * An Ed25519 signing key (the 32-byte secret seed and its public key).
 *
 * <p>Not a record, on purpose: its {@code toString} never shows the secret, {@code equals} compares
 * in constant time, and {@link #destroy()} zeroes the seed, after which every use throws
 * {@link IllegalStateException}. The seed is read only through {@link #seed(InsecureSecretAccess)}.
 */
public final class SigningKey implements Destroyable {
  public static final int SEED_LENGTH = 32;

  private final byte[] seed;
  private final byte[] publicKeyBytes;
  private final PublicKey publicKey;
  private volatile boolean destroyed;

  private SigningKey(byte[] seed) {
    this.seed = seed;
    this.publicKeyBytes = Ed25519Backends.selected().publicKey(seed);
    this.publicKey = new PublicKey(Bytes.of(publicKeyBytes));
  }

  /** A new key from the platform's strong random source. */
  public static SigningKey generate() {
    return generate(new SecureRandom());
  }

  /**
   * A new key from {@code random}. Use a seeded generator only in tests and simulations: a key is
   * exactly as secret as the generator's state.
   */
  public static SigningKey generate(RandomGenerator random) {
    byte[] seed = new byte[SEED_LENGTH];
    random.nextBytes(seed);
    return new SigningKey(seed);
  }

  /** The key whose secret seed is {@code seed} (RFC 8032's 32-byte private key); copies it. */
  public static SigningKey fromSeed(byte[] seed) {
    if (seed.length != SEED_LENGTH) {
      throw new IllegalArgumentException("an Ed25519 seed is 32 bytes, got " + seed.length);
    }
    return new SigningKey(seed.clone());
  }

  /** The key whose seed is given as 64 hex characters. */
  public static SigningKey fromSeedHex(CharSequence hex) {
    String trimmed = hex.toString().strip();
    if (trimmed.length() != 2 * SEED_LENGTH) {
      throw new IllegalArgumentException(
          "an Ed25519 seed is 64 hex characters, got " + trimmed.length());
    }
    byte[] seed = HexFormat.of().parseHex(trimmed);
    try {
      return fromSeed(seed);
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  public Signature sign(byte[] message) {
    return sign(message, 0, message.length);
  }

  public Signature sign(byte[] message, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, message.length);
    checkNotDestroyed();
    return new Signature(
        Bytes.of(Ed25519Backends.selected().sign(seed, publicKeyBytes, message, offset, length)));
  }

  /** A copy of the secret seed. The caller owns it and should zero it after use. */
  public byte[] seed(InsecureSecretAccess access) {
    Objects.requireNonNull(access, "access");
    checkNotDestroyed();
    return seed.clone();
  }

  /** Zeroes the secret seed. The key cannot sign afterwards. */
  @Override
  public void destroy() {
    destroyed = true;
    Arrays.fill(seed, (byte) 0);
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  private void checkNotDestroyed() {
    if (destroyed) {
      throw new IllegalStateException("this signing key was destroyed; load it again to sign");
    }
  }

  /**
   * Equal when the seeds are equal (compared in constant time). A destroyed key has no seed left to
   * compare and equals only itself; comparing zeroed seeds would make all destroyed keys equal to
   * each other and to the all-zero seed, while their hash codes differ.
   */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    return o instanceof SigningKey other
        && !destroyed
        && !other.destroyed
        && MessageDigest.isEqual(seed, other.seed);
  }

  @Override
  public int hashCode() {
    return publicKey.hashCode();
  }

  @Override
  public String toString() {
    return "SigningKey[publicKey=" + publicKey + ", seed=<redacted>]";
  }
}
