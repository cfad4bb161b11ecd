package org.walkaway.encryption;

import java.util.Objects;
import org.walkaway.core.Bytes;

/** An X25519 public key (RFC 7748): 32 bytes, the u-coordinate. Text form is lowercase hex. */
public record X25519PublicKey(Bytes bytes) {
  public static final int LENGTH = 32;

  public X25519PublicKey {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length() != LENGTH) {
      throw new IllegalArgumentException("an X25519 public key is 32 bytes, got " + bytes.length());
    }
  }

  public static X25519PublicKey of(byte[] bytes) {
    return new X25519PublicKey(Bytes.of(bytes));
  }

  public static X25519PublicKey fromHex(CharSequence hex) {
    return new X25519PublicKey(Bytes.fromHex(hex));
  }

  public String toHex() {
    return bytes.toHex();
  }

  @Override
  public String toString() {
    return "X25519PublicKey[" + toHex() + "]";
  }
}
