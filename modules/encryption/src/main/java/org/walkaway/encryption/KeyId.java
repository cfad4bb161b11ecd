package org.walkaway.encryption;

import java.util.Objects;
import org.walkaway.core.Bytes;

/**
 * Names a symmetric key without revealing it (for example a group secret's id), 1 to 64 bytes.
 * Sealed bodies carry it in the clear so that a reader can find the key.
 */
public record KeyId(Bytes bytes) {
  public static final int MAX_LENGTH = 64;

  public KeyId {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.isEmpty() || bytes.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("a key id is 1 to 64 bytes, got " + bytes.length());
    }
  }

  public static KeyId of(byte[] bytes) {
    return new KeyId(Bytes.of(bytes));
  }

  @Override
  public String toString() {
    return "KeyId[" + bytes.toHex() + "]";
  }
}
