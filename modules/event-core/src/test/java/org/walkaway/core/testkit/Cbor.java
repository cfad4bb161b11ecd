package org.walkaway.core.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A tiny CBOR writer for tests, written apart from event-core's own encoder so that the two check
 * each other. It writes canonical heads by default, and whatever a test asks for otherwise
 * (non-shortest heads, unsorted maps, indefinite lengths) through {@link #raw}.
 */
public final class Cbor {
  private Cbor() {}

  public static final byte[] FALSE = {(byte) 0xf4};
  public static final byte[] TRUE = {(byte) 0xf5};
  public static final byte[] NULL = {(byte) 0xf6};

  /** The shortest head of {@code major} with {@code argument} read as an unsigned 64-bit value. */
  public static byte[] head(int major, long argument) {
    int type = major << 5;
    if (Long.compareUnsigned(argument, 24) < 0) {
      return new byte[] {(byte) (type | argument)};
    }
    if (Long.compareUnsigned(argument, 0x100) < 0) {
      return raw(type | 24, (int) argument);
    }
    if (Long.compareUnsigned(argument, 0x1_0000) < 0) {
      return withBigEndian(type | 25, argument, 2);
    }
    if (Long.compareUnsigned(argument, 0x1_0000_0000L) < 0) {
      return withBigEndian(type | 26, argument, 4);
    }
    return withBigEndian(type | 27, argument, 8);
  }

  /** A head with an argument of exactly {@code size} bytes (1, 2, 4 or 8), shortest or not. */
  public static byte[] headOfSize(int major, long argument, int size) {
    int info = switch (size) {
      case 1 -> 24;
      case 2 -> 25;
      case 4 -> 26;
      case 8 -> 27;
      default -> throw new IllegalArgumentException("size " + size);
    };
    return withBigEndian((major << 5) | info, argument, size);
  }

  /** An unsigned integer; {@code value} is read as unsigned 64-bit. */
  public static byte[] uint(long value) {
    return head(0, value);
  }

  /** The negative integer {@code -1 - n}, {@code n} read as unsigned 64-bit. */
  public static byte[] negative(long n) {
    return head(1, n);
  }

  public static byte[] bytes(byte[] value) {
    return concat(head(2, value.length), value);
  }

  public static byte[] text(String value) {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    return concat(head(3, utf8.length), utf8);
  }

  public static byte[] array(byte[]... items) {
    return array(List.of(items));
  }

  public static byte[] array(List<byte[]> items) {
    List<byte[]> parts = new ArrayList<>();
    parts.add(head(4, items.size()));
    parts.addAll(items);
    return concat(parts);
  }

  /** A map of {@code keysAndValues} (key, value, key, value...) in the order given, not sorted. */
  public static byte[] mapAsGiven(byte[]... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("keys and values come in pairs");
    }
    List<byte[]> parts = new ArrayList<>();
    parts.add(head(5, keysAndValues.length / 2));
    parts.addAll(List.of(keysAndValues));
    return concat(parts);
  }

  /** A canonical map: keys sorted bytewise by their encodings, duplicates (by encoding) dropped. */
  public static byte[] canonicalMap(List<byte[][]> entries) {
    List<byte[][]> sorted = new ArrayList<>(entries);
    sorted.sort((a, b) -> Arrays.compareUnsigned(a[0], b[0]));
    List<byte[]> parts = new ArrayList<>();
    byte[] previousKey = null;
    int count = 0;
    for (byte[][] entry : sorted) {
      if (previousKey != null && Arrays.equals(previousKey, entry[0])) {
        continue;
      }
      parts.add(entry[0]);
      parts.add(entry[1]);
      previousKey = entry[0];
      count++;
    }
    parts.add(0, head(5, count));
    return concat(parts);
  }

  public static byte[] raw(int... unsignedBytes) {
    byte[] out = new byte[unsignedBytes.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) unsignedBytes[i];
    }
    return out;
  }

  public static byte[] concat(byte[]... parts) {
    return concat(List.of(parts));
  }

  public static byte[] concat(List<byte[]> parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    parts.forEach(out::writeBytes);
    return out.toByteArray();
  }

  /** {@code depth} arrays of one element each, around {@code innermost}. */
  public static byte[] nestedArrays(int depth, byte[] innermost) {
    byte[] out = new byte[depth + innermost.length];
    Arrays.fill(out, 0, depth, (byte) 0x81);
    System.arraycopy(innermost, 0, out, depth, innermost.length);
    return out;
  }

  private static byte[] withBigEndian(int initial, long value, int size) {
    byte[] out = new byte[1 + size];
    out[0] = (byte) initial;
    for (int i = 0; i < size; i++) {
      out[1 + i] = (byte) (value >>> (8 * (size - 1 - i)));
    }
    return out;
  }
}
