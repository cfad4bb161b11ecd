package org.walkaway.core;

import java.util.Objects;

/** A BLAKE3-256 digest: event ids, payload hashes, backlinks. Text form is lowercase hex. */
public record Hash(Bytes bytes) implements Comparable<Hash> {
  public static final int LENGTH = 32;

  public Hash {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length() != LENGTH) {
      throw new IllegalArgumentException("a hash is 32 bytes, got " + bytes.length());
    }
  }

  /** BLAKE3-256 of {@code data}. */
  public static Hash of(byte[] data) {
    return of(data, 0, data.length);
  }

  public static Hash of(byte[] data, int offset, int length) {
    return new Hash(Bytes.of(Blake3.hash(data, offset, length, LENGTH)));
  }

  public static Hash of(Bytes data) {
    return of(data.toArray());
  }

  /** A hash given as its 32 raw bytes (not hashed again). */
  public static Hash fromBytes(byte[] digest) {
    return new Hash(Bytes.of(digest));
  }

  public static Hash fromHex(CharSequence hex) {
    return new Hash(Bytes.fromHex(hex));
  }

  public String toHex() {
    return bytes.toHex();
  }

  @Override
  public int compareTo(Hash other) {
    return bytes.compareTo(other.bytes);
  }

  @Override
  public String toString() {
    return bytes.toHex();
  }
}
