package org.walkaway.core.internal;

import java.io.ByteArrayOutputStream;

/**
 * Writes canonical CBOR heads (shortest form, definite lengths) and raw items. Used for the
 * extensions map, whose values are raw CBOR items kept exactly as given, which Jackson's generator
 * cannot splice in.
 */
final class CborWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);

  /** Writes a head; {@code argument} is an unsigned 64-bit value (negative longs are 2^63 and up). */
  CborWriter head(int major, long argument) {
    int type = major << 5;
    if (Long.compareUnsigned(argument, 24) < 0) {
      out.write(type | (int) argument);
    } else if (Long.compareUnsigned(argument, 0x100) < 0) {
      out.write(type | 24);
      out.write((int) argument);
    } else if (Long.compareUnsigned(argument, 0x1_0000) < 0) {
      out.write(type | 25);
      writeBigEndian(argument, 2);
    } else if (Long.compareUnsigned(argument, 0x1_0000_0000L) < 0) {
      out.write(type | 26);
      writeBigEndian(argument, 4);
    } else {
      out.write(type | 27);
      writeBigEndian(argument, 8);
    }
    return this;
  }

  CborWriter unsigned(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("not an unsigned value: " + value);
    }
    return head(0, value);
  }

  CborWriter byteString(byte[] bytes) {
    head(2, bytes.length);
    out.writeBytes(bytes);
    return this;
  }

  CborWriter raw(byte[] item) {
    out.writeBytes(item);
    return this;
  }

  CborWriter bool(boolean value) {
    out.write(value ? 0xf5 : 0xf4);
    return this;
  }

  byte[] toByteArray() {
    return out.toByteArray();
  }

  private void writeBigEndian(long value, int size) {
    for (int i = size - 1; i >= 0; i--) {
      out.write((int) (value >>> (8 * i)) & 0xff);
    }
  }
}
