package org.walkaway.core;

import java.util.Objects;
import org.walkaway.core.internal.Ed25519Backends;
import org.walkaway.core.internal.StrictEd25519;

/** An Ed25519 public key: an author's identity. Text form is lowercase hex. */
public record PublicKey(Bytes bytes) implements Comparable<PublicKey> {
  public static final int LENGTH = 32;

  public PublicKey {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length() != LENGTH) {
      throw new IllegalArgumentException("an Ed25519 public key is 32 bytes, got " + bytes.length());
    }
  }

  public static PublicKey fromHex(CharSequence hex) {
    return new PublicKey(Bytes.fromHex(hex));
  }

  /**
   * Strict Ed25519 verification (RFC 8032 plus the checks of ed25519-dalek's {@code verify_strict}):
   * the signature must be exactly 64 bytes with {@code S < L}, and neither this key nor the
   * signature's {@code R} may be a point of small order.
   */
  public boolean verify(byte[] message, Signature signature) {
    return verify(message, 0, message.length, signature.bytes().toArray());
  }

  /** Like {@link #verify(byte[], Signature)}, for a signature of any claimed length (only 64 can pass). */
  public boolean verify(byte[] message, byte[] signature) {
    return verify(message, 0, message.length, signature);
  }

  public boolean verify(byte[] message, int offset, int length, byte[] signature) {
    Objects.checkFromIndexSize(offset, length, message.length);
    if (signature.length != Signature.LENGTH) {
      return false;
    }
    byte[] key = bytes.toArray();
    if (StrictEd25519.isSmallOrder(key, 0)
        || StrictEd25519.isSmallOrder(signature, 0)
        || !StrictEd25519.isCanonicalScalar(signature, 32)) {
      return false;
    }
    return Ed25519Backends.selected().verify(key, signature, message, offset, length);
  }

  public String toHex() {
    return bytes.toHex();
  }

  @Override
  public int compareTo(PublicKey other) {
    return bytes.compareTo(other.bytes);
  }

  @Override
  public String toString() {
    return bytes.toHex();
  }
}
