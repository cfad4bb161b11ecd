package org.walkaway.encryption.internal;

import java.util.Arrays;

/**
 * Reads what {@link CodecWriter} writes, and nothing else: every item must have the expected type and
 * be in its shortest form with a definite length; a length never makes it allocate more than the
 * input still holds. Violations throw {@link Malformed}, which the codecs turn into a
 * {@code MALFORMED} rejection. One reader per input, not thread-safe.
 */
public final class CodecReader {
  private final byte[] in;
  private int position;

  public CodecReader(byte[] in) {
    this.in = in;
  }

  /** An array header announcing exactly {@code length} elements. */
  public void array(int length, String what) {
    long actual = head(4, what);
    if (actual != length) {
      throw new Malformed(what + " is an array of " + length + " elements, got " + Long.toUnsignedString(actual));
    }
  }

  /** An array header with at most {@code maxLength} elements; returns the count. */
  public int arrayUpTo(int maxLength, String what) {
    long actual = head(4, what);
    if (Long.compareUnsigned(actual, maxLength) > 0) {
      throw new Malformed(what + " has at most " + maxLength + " elements, got " + Long.toUnsignedString(actual));
    }
    return (int) actual;
  }

  /** An unsigned integer no larger than {@code max}. */
  public long unsigned(long max, String what) {
    long value = head(0, what);
    if (value < 0 || value > max) {
      throw new Malformed(what + " must be in 0.." + max + ", got " + Long.toUnsignedString(value));
    }
    return value;
  }

  /** The type tag that starts every top-level encoding of this module; it must be {@code expected}. */
  public void tag(int expected, String what) {
    long actual = head(0, what + "'s type tag");
    if (actual != expected) {
      throw new Malformed(what + " has type tag " + expected + ", got " + Long.toUnsignedString(actual));
    }
  }

  /** A signed integer that fits a {@code long}. */
  public long integer(String what) {
    int major = peekMajor(what);
    if (major != 0 && major != 1) {
      throw new Malformed(what + " must be an integer, got major type " + major);
    }
    long argument = head(major, what);
    if (argument < 0) {
      throw new Malformed(what + " does not fit 64 signed bits");
    }
    return major == 0 ? argument : -1 - argument;
  }

  /** A byte string of exactly {@code length} bytes. */
  public byte[] bytes(int length, String what) {
    return bytes(length, length, what);
  }

  /** A byte string of {@code min} to {@code max} bytes. */
  public byte[] bytes(int min, int max, String what) {
    long length = head(2, what);
    if (length < min || length > max) {
      throw new Malformed(what + " is " + (min == max ? min : min + ".." + max) + " bytes, got " + Long.toUnsignedString(length));
    }
    if (length > in.length - position) {
      throw new Malformed(what + " announces " + length + " bytes but only " + (in.length - position) + " remain");
    }
    byte[] value = Arrays.copyOfRange(in, position, position + (int) length);
    position += (int) length;
    return value;
  }

  /** True (and consumes it) if the next item is {@code null}. */
  public boolean nul(String what) {
    need(1, what);
    if ((in[position] & 0xff) == 0xf6) {
      position++;
      return true;
    }
    return false;
  }

  /** Fails unless every byte was read. */
  public void end(String what) {
    if (position != in.length) {
      throw new Malformed(what + " is followed by " + (in.length - position) + " trailing bytes");
    }
  }

  private int peekMajor(String what) {
    need(1, what);
    return (in[position] & 0xff) >>> 5;
  }

  /** Reads an item head of major type {@code major}; returns its argument (as unsigned 64 bits). */
  private long head(int major, String what) {
    need(1, what);
    int initial = in[position] & 0xff;
    if (initial >>> 5 != major) {
      throw new Malformed(what + " must have CBOR major type " + major + ", got " + (initial >>> 5) + " (0x" + Integer.toHexString(initial) + ")");
    }
    int info = initial & 0x1f;
    position++;
    if (info < 24) {
      return info;
    }
    int length = switch (info) {
      case 24 -> 1;
      case 25 -> 2;
      case 26 -> 4;
      case 27 -> 8;
      default -> throw new Malformed(what + ": indefinite lengths and reserved values are not allowed (additional info " + info + ")");
    };
    need(length, what);
    long value = 0;
    for (int i = 0; i < length; i++) {
      value = (value << 8) | (in[position++] & 0xff);
    }
    long smallestForLength = switch (length) {
      case 1 -> 24;
      case 2 -> 0x100;
      case 4 -> 0x1_0000;
      default -> 0x1_0000_0000L;
    };
    if (Long.compareUnsigned(value, smallestForLength) < 0) {
      throw new Malformed(what + " is not in its shortest form (non-canonical)");
    }
    return value;
  }

  private void need(int count, String what) {
    if (in.length - position < count) {
      throw new Malformed(what + " is truncated");
    }
  }

  /** Input that is not exactly what the format allows. */
  public static final class Malformed extends RuntimeException {
    public Malformed(String message) {
      super(message, null, false, false);
    }
  }
}
