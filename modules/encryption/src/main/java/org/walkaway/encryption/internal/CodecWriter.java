package org.walkaway.encryption.internal;

import java.io.ByteArrayOutputStream;

/**
 * Writes the small subset of canonical CBOR (RFC 8949 §4.2.1, "core deterministic encoding") that
 * this module's wire formats use: unsigned and negative integers, byte strings, arrays and
 * {@code null}, every length and argument in its shortest form, definite lengths only.
 */
public final class CodecWriter {
  private final ByteArrayOutputStream out;

  public CodecWriter() {
    this(64);
  }

  public CodecWriter(int expectedSize) {
    out = new ByteArrayOutputStream(expectedSize);
  }

  public CodecWriter array(int length) {
    head(4, length);
    return this;
  }

  /** An unsigned integer (major type 0); {@code value} must not be negative. */
  public CodecWriter unsigned(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("not an unsigned value: " + value);
    }
    head(0, value);
    return this;
  }

  /** Any {@code long}: major type 0 for {@code value >= 0}, 1 (encoding {@code -1 - value}) below. */
  public CodecWriter integer(long value) {
    if (value >= 0) {
      head(0, value);
    } else {
      head(1, -1 - value);
    }
    return this;
  }

  public CodecWriter bytes(byte[] value) {
    head(2, value.length);
    out.writeBytes(value);
    return this;
  }

  public CodecWriter nul() {
    out.write(0xf6);
    return this;
  }

  public byte[] toByteArray() {
    return out.toByteArray();
  }

  private void head(int major, long argument) {
    int type = major << 5;
    if (argument < 24) {
      out.write(type | (int) argument);
    } else if (argument < 0x100) {
      out.write(type | 24);
      out.write((int) argument);
    } else if (argument < 0x1_0000) {
      out.write(type | 25);
      writeBigEndian(argument, 2);
    } else if (argument < 0x1_0000_0000L) {
      out.write(type | 26);
      writeBigEndian(argument, 4);
    } else {
      out.write(type | 27);
      writeBigEndian(argument, 8);
    }
  }

  private void writeBigEndian(long value, int length) {
    for (int shift = 8 * (length - 1); shift >= 0; shift -= 8) {
      out.write((int) (value >>> shift));
    }
  }
}
