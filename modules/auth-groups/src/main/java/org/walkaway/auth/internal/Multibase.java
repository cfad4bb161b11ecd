package org.walkaway.auth.internal;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;

/** Multiformats helpers: unsigned varints, base58btc and base32 (lowercase, unpadded). */
public final class Multibase {
  private static final String BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
  private static final BigInteger FIFTY_EIGHT = BigInteger.valueOf(58);

  private Multibase() {}

  /**
   * Reads a minimally encoded unsigned varint (at most 9 bytes, as multiformats requires) at
   * {@code cursor[0]} and advances it.
   */
  public static long readVarint(byte[] data, long[] cursor) {
    long value = 0;
    for (int shift = 0, i = 0; i < 9; i++, shift += 7) {
      int at = (int) cursor[0];
      if (at >= data.length) {
        throw new IllegalArgumentException("truncated varint");
      }
      int b = data[at] & 0xff;
      cursor[0]++;
      value |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        if (b == 0 && i > 0) {
          throw new IllegalArgumentException("varint not minimally encoded");
        }
        return value;
      }
    }
    throw new IllegalArgumentException("varint longer than 9 bytes");
  }

  public static void writeVarint(long value, ByteArrayOutputStream out) {
    long v = value;
    while ((v & ~0x7fL) != 0) {
      out.write((int) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  public static String encodeBase58(byte[] data) {
    int zeros = 0;
    while (zeros < data.length && data[zeros] == 0) {
      zeros++;
    }
    StringBuilder sb = new StringBuilder();
    BigInteger n = new BigInteger(1, data);
    while (n.signum() > 0) {
      BigInteger[] qr = n.divideAndRemainder(FIFTY_EIGHT);
      sb.append(BASE58.charAt(qr[1].intValue()));
      n = qr[0];
    }
    sb.append("1".repeat(zeros));
    return sb.reverse().toString();
  }

  public static byte[] decodeBase58(String text) {
    BigInteger n = BigInteger.ZERO;
    int zeros = 0;
    while (zeros < text.length() && text.charAt(zeros) == '1') {
      zeros++;
    }
    for (int i = 0; i < text.length(); i++) {
      int digit = BASE58.indexOf(text.charAt(i));
      if (digit < 0) {
        throw new IllegalArgumentException("not base58btc: " + text);
      }
      n = n.multiply(FIFTY_EIGHT).add(BigInteger.valueOf(digit));
    }
    byte[] magnitude = n.signum() == 0 ? new byte[0] : n.toByteArray();
    int skip = magnitude.length > 0 && magnitude[0] == 0 ? 1 : 0;
    byte[] out = new byte[zeros + magnitude.length - skip];
    System.arraycopy(magnitude, skip, out, zeros, magnitude.length - skip);
    return out;
  }

  public static String encodeBase32(byte[] data) {
    StringBuilder sb = new StringBuilder((data.length * 8 + 4) / 5);
    int buffer = 0;
    int bits = 0;
    for (byte b : data) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        sb.append(BASE32.charAt((buffer >>> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    if (bits > 0) {
      sb.append(BASE32.charAt((buffer << (5 - bits)) & 31));
    }
    return sb.toString();
  }

  public static byte[] decodeBase32(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int buffer = 0;
    int bits = 0;
    for (int i = 0; i < text.length(); i++) {
      int digit = BASE32.indexOf(text.charAt(i));
      if (digit < 0) {
        throw new IllegalArgumentException("not lowercase base32: " + text);
      }
      buffer = (buffer << 5) | digit;
      bits += 5;
      if (bits >= 8) {
        out.write((buffer >>> (bits - 8)) & 0xff);
        bits -= 8;
      }
    }
    if ((buffer & ((1 << bits) - 1)) != 0) {
      throw new IllegalArgumentException("base32 with non-zero padding bits: " + text);
    }
    return out.toByteArray();
  }

}
