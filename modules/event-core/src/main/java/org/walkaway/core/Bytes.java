package org.walkaway.core;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An immutable sequence of bytes, compared by content. Records hold {@code Bytes} instead of
 * {@code byte[]} so that their {@code equals} and {@code hashCode} mean what they say.
 */
public final class Bytes implements Comparable<Bytes> {
  private static final HexFormat HEX = HexFormat.of();
  public static final Bytes EMPTY = new Bytes(new byte[0]);

  private final byte[] data;

  private Bytes(byte[] data) {
    this.data = data;
  }

  /** A copy of {@code data}. */
  public static Bytes of(byte... data) {
    return new Bytes(data.clone());
  }

  /** A copy of {@code length} bytes of {@code data} starting at {@code offset}. */
  public static Bytes of(byte[] data, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, data.length);
    return new Bytes(Arrays.copyOfRange(data, offset, offset + length));
  }

  /**
   * Parses lowercase or uppercase hex.
   *
   * @throws IllegalArgumentException if {@code hex} has an odd length or a non-hex character
   */
  public static Bytes fromHex(CharSequence hex) {
    try {
      return new Bytes(HEX.parseHex(hex));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a hex string: " + e.getMessage(), e);
    }
  }

  public int length() {
    return data.length;
  }

  public boolean isEmpty() {
    return data.length == 0;
  }

  public byte get(int index) {
    return data[index];
  }

  /** A fresh copy of the bytes. */
  public byte[] toArray() {
    return data.clone();
  }

  /** Copies the bytes into {@code target} at {@code offset}. */
  public void copyTo(byte[] target, int offset) {
    System.arraycopy(data, 0, target, offset, data.length);
  }

  /**
   * The bytes from {@code from} (inclusive) to {@code to} (exclusive).
   *
   * @throws IndexOutOfBoundsException unless {@code 0 <= from <= to <= length()}
   */
  public Bytes slice(int from, int to) {
    // Arrays.copyOfRange alone would pad with zeros past the end instead of failing.
    Objects.checkFromToIndex(from, to, data.length);
    return new Bytes(Arrays.copyOfRange(data, from, to));
  }

  /** Lowercase hex. */
  public String toHex() {
    return HEX.formatHex(data);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bytes other && Arrays.equals(data, other.data);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(data);
  }

  /** Unsigned lexicographic order, the order of canonical CBOR map keys. */
  @Override
  public int compareTo(Bytes other) {
    return Arrays.compareUnsigned(data, other.data);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
