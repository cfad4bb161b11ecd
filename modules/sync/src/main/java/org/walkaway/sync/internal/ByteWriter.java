package org.walkaway.sync.internal;

import java.util.Arrays;

/** A growable byte buffer with unsigned LEB128 varints: the only encoder of the wire format. */
public final class ByteWriter {
  private byte[] buffer;
  private int size;

  public ByteWriter(int initialCapacity) {
    buffer = new byte[Math.max(16, initialCapacity)];
  }

  public ByteWriter writeByte(int value) {
    ensure(1);
    buffer[size++] = (byte) value;
    return this;
  }

  public ByteWriter writeVarint(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("varints are unsigned, got " + value);
    }
    ensure(10);
    while ((value & ~0x7FL) != 0) {
      buffer[size++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    buffer[size++] = (byte) value;
    return this;
  }

  public ByteWriter writeBytes(byte[] bytes) {
    return writeBytes(bytes, 0, bytes.length);
  }

  public ByteWriter writeBytes(byte[] bytes, int offset, int length) {
    ensure(length);
    System.arraycopy(bytes, offset, buffer, size, length);
    size += length;
    return this;
  }

  public int size() {
    return size;
  }

  /**
   * The bytes written; the buffer itself when it is exactly full, which saves copying a frame that
   * was sized in advance. Safe: every write checks capacity first, and a full buffer is always
   * replaced, never written into, so the array returned never changes.
   */
  public byte[] toArray() {
    return size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
  }

  public static int varintLength(long value) {
    int length = 1;
    while ((value & ~0x7FL) != 0) {
      value >>>= 7;
      length++;
    }
    return length;
  }

  private void ensure(int more) {
    if (size + more > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
    }
  }
}
