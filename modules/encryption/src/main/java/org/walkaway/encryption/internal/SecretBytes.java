package org.walkaway.encryption.internal;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The secret-holding part of every key class of this module: a private copy of the bytes, compared in
 * constant time, zeroed by {@link #destroy()}. Not a record, so it has no generated {@code toString}.
 */
public final class SecretBytes {
  private final byte[] bytes;
  private volatile boolean destroyed;

  /** Takes ownership of {@code bytes}: the caller must not keep or change them. */
  public static SecretBytes adopt(byte[] bytes) {
    return new SecretBytes(bytes);
  }

  private SecretBytes(byte[] bytes) {
    this.bytes = bytes;
  }

  /** The bytes themselves, not a copy: for this module's own short-lived use. */
  public byte[] unsafeView() {
    checkNotDestroyed();
    return bytes;
  }

  public byte[] copy() {
    checkNotDestroyed();
    return bytes.clone();
  }

  public int length() {
    return bytes.length;
  }

  public void destroy() {
    destroyed = true;
    Arrays.fill(bytes, (byte) 0);
  }

  public boolean isDestroyed() {
    return destroyed;
  }

  /**
   * Constant-time equality of the bytes. A destroyed secret equals nothing but itself: zeroed bytes
   * would make all destroyed secrets equal to one another and to the all-zero key.
   */
  public boolean sameAs(SecretBytes other) {
    if (this == other) {
      return true;
    }
    return !destroyed && !other.destroyed && MessageDigest.isEqual(bytes, other.bytes);
  }

  private void checkNotDestroyed() {
    if (destroyed) {
      throw new IllegalStateException("this key was destroyed");
    }
  }
}
