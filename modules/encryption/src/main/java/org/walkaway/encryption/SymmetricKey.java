package org.walkaway.encryption;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.random.RandomGenerator;
import javax.security.auth.Destroyable;
import org.walkaway.core.InsecureSecretAccess;
import org.walkaway.encryption.internal.SecretBytes;

/**
 * A 256-bit secret key for an AEAD or a KDF. Not a record: its {@code toString} is redacted, its
 * {@code equals} runs in constant time, and {@link #destroy()} zeroes it.
 */
public final class SymmetricKey implements Destroyable {
  public static final int LENGTH = 32;

  private final SecretBytes secret;

  private SymmetricKey(byte[] bytes) {
    this.secret = SecretBytes.adopt(bytes);
  }

  /** A fresh random key from a {@link SecureRandom}. */
  public static SymmetricKey generate() {
    return generate(new SecureRandom());
  }

  /** A fresh key from {@code random}; pass a {@link SecureRandom} outside tests. */
  public static SymmetricKey generate(RandomGenerator random) {
    byte[] bytes = new byte[LENGTH];
    random.nextBytes(bytes);
    return new SymmetricKey(bytes);
  }

  /** A key from 32 bytes, which are copied. */
  public static SymmetricKey fromBytes(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("a symmetric key is 32 bytes, got " + bytes.length);
    }
    return new SymmetricKey(bytes.clone());
  }

  /** Takes ownership of 32 bytes: for this module's derived keys. */
  static SymmetricKey adopt(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("a symmetric key is 32 bytes, got " + bytes.length);
    }
    return new SymmetricKey(bytes);
  }

  /** A copy of the key bytes; the caller owns it and should zero it after use. */
  public byte[] bytes(InsecureSecretAccess access) {
    Objects.requireNonNull(access, "access");
    return secret.copy();
  }

  byte[] view() {
    return secret.unsafeView();
  }

  @Override
  public void destroy() {
    secret.destroy();
  }

  @Override
  public boolean isDestroyed() {
    return secret.isDestroyed();
  }

  /** Equal when the bytes are, compared in constant time; a destroyed key equals only itself. */
  @Override
  public boolean equals(Object o) {
    return o instanceof SymmetricKey other && secret.sameAs(other.secret);
  }

  /** Constant, so that the hash code reveals nothing of the key. */
  @Override
  public int hashCode() {
    return 0x5ec7e7;
  }

  @Override
  public String toString() {
    return "SymmetricKey[<redacted>]";
  }
}
