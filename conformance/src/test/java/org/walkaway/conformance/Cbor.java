package org.walkaway.conformance;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A few lines of CBOR writing for the vector generators, on purpose independent of event-core's
 * encoder: the vectors must not inherit its bugs. Everything is written as told, so a generator can
 * also write what is not canonical (long heads, unsorted keys).
 */
final class Cbor {
  private Cbor() {}

  static final byte[] FALSE = {(byte) 0xf4};
  static final byte[] TRUE = {(byte) 0xf5};
  static final byte[] NULL = {(byte) 0xf6};

  /** A head in shortest form. */
  static byte[] head(int major, long argument) {
    if (argument >= 0 && argument < 24) {
      return new byte[] {(byte) (major << 5 | argument)};
    }
    if (Long.compareUnsigned(argument, 0x100) < 0) {
      return head(major, argument, 1);
    }
    if (Long.compareUnsigned(argument, 0x1_0000) < 0) {
      return head(major, argument, 2);
    }
    return head(major, argument, Long.compareUnsigned(argument, 0x1_0000_0000L) < 0 ? 4 : 8);
  }

  /** A head whose argument takes exactly {@code width} bytes (1, 2, 4 or 8), shortest or not. */
  static byte[] head(int major, long argument, int width) {
    int info =
        switch (width) {
          case 1 -> 24;
          case 2 -> 25;
          case 4 -> 26;
          case 8 -> 27;
          default -> throw new IllegalArgumentException("width " + width);
        };
    byte[] head = new byte[1 + width];
    head[0] = (byte) (major << 5 | info);
    for (int i = 0; i < width; i++) {
      head[width - i] = (byte) (argument >>> (8 * i));
    }
    return head;
  }

  static byte[] uint(long value) {
    return head(0, value);
  }

  /** A negative integer, {@code value < 0}. */
  static byte[] negative(long value) {
    if (value >= 0) {
      throw new IllegalArgumentException("not negative: " + value);
    }
    return head(1, -1 - value);
  }

  static byte[] bytes(byte[] value) {
    return concat(head(2, value.length), value);
  }

  static byte[] text(String value) {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    return concat(head(3, utf8.length), utf8);
  }

  static byte[] array(byte[]... items) {
    return concat(head(4, items.length), concat(items));
  }

  /** A map of the given key and value items, in the order given. */
  static byte[] map(byte[]... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("a map needs pairs");
    }
    return concat(head(5, keysAndValues.length / 2), concat(keysAndValues));
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  static byte[] raw(int... values) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) values[i];
    }
    return bytes;
  }
}
