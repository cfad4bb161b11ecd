package org.walkaway.encryption.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * An unambiguous byte string for signing, associated data and KDF info: a domain-separation label,
 * then fields, each variable-length field prefixed with its 4-byte big-endian length, so that no two
 * different field lists give the same bytes.
 */
public final class Transcript {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private Transcript() {}

  /** Starts with a label such as {@code "walkaway/encryption/x3dh/v1"}. */
  public static Transcript of(String label) {
    return new Transcript().add(label.getBytes(StandardCharsets.UTF_8));
  }

  public Transcript add(byte[] field) {
    addInt(field.length);
    out.writeBytes(field);
    return this;
  }

  public Transcript add(long value) {
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.write((int) (value >>> shift));
    }
    return this;
  }

  private void addInt(int value) {
    for (int shift = 24; shift >= 0; shift -= 8) {
      out.write(value >>> shift);
    }
  }

  public byte[] toByteArray() {
    return out.toByteArray();
  }
}
