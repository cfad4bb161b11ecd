package org.walkaway.sync.internal;

import java.util.Arrays;

/**
 * Reads what {@link ByteWriter} wrote, checking every bound: whatever a peer sends, reading throws
 * only {@link WireException} and never allocates more than the bytes actually present.
 */
public final class ByteReader {
  private final byte[] data;
  private int position;
  private final int end;

  public ByteReader(byte[] data) {
    this(data, 0, data.length);
  }

  public ByteReader(byte[] data, int offset, int length) {
    this.data = data;
    this.position = offset;
    this.end = offset + length;
  }

  public int readByte() {
    require(1, "a byte");
    return data[position++] & 0xFF;
  }

  public long readVarint() {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = readByte();
      if (shift == 63 && (b & 0x7E) != 0) {
        throw new WireException("varint overflows 64 bits");
      }
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        if (b == 0 && shift > 0) {
          throw new WireException("varint is not in its shortest form");
        }
        return value;
      }
    }
    throw new WireException("varint longer than 10 bytes");
  }

  /** A varint that must lie in {@code 0..max}. */
  public int readLength(long max, String what) {
    long value = readVarint();
    if (value > max) {
      throw new WireException(what + " " + Long.toUnsignedString(value) + " exceeds " + max);
    }
    return (int) value;
  }

  public byte[] readBytes(int length) {
    require(length, length + " bytes");
    byte[] out = Arrays.copyOfRange(data, position, position + length);
    position += length;
    return out;
  }

  public int remaining() {
    return end - position;
  }

  public void expectEnd(String what) {
    if (position != end) {
      throw new WireException((end - position) + " trailing bytes after " + what);
    }
  }

  private void require(int length, String what) {
    if (length < 0 || end - position < length) {
      throw new WireException("truncated: expected " + what + ", " + (end - position) + " bytes left");
    }
  }
}
