package org.walkaway.core;

import java.util.Objects;

/** An Ed25519 signature: exactly 64 bytes, R then S. */
public record Signature(Bytes bytes) {
  public static final int LENGTH = 64;

  public Signature {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length() != LENGTH) {
      throw new IllegalArgumentException("an Ed25519 signature is 64 bytes, got " + bytes.length());
    }
  }

  public static Signature fromHex(CharSequence hex) {
    return new Signature(Bytes.fromHex(hex));
  }

  public String toHex() {
    return bytes.toHex();
  }

  @Override
  public String toString() {
    return bytes.toHex();
  }
}
