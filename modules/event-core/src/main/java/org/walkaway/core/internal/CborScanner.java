package org.walkaway.core.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.walkaway.core.Rejection.Reason;

/**
 * Checks that bytes are one well-formed item of canonical CBOR, in the subset Walkaway headers use,
 * before anything else looks at them.
 *
 * <p>Jackson's parser reads CBOR leniently: it accepts non-shortest integers and indefinite lengths
 * and would hand back the same values, so two different byte strings (two different event ids) would
 * mean the same header. This scanner makes the encoding unique. It accepts unsigned and negative
 * integers, byte and text strings (valid UTF-8), arrays, maps (keys strictly ascending in bytewise
 * order, hence no duplicates), {@code false}, {@code true} and {@code null}; all with definite lengths
 * in shortest form. It rejects tags, floats, other simple values and indefinite lengths.
 *
 * <p>Every declared length is compared with the bytes that remain before anything is read, so an
 * attacker-chosen length never causes an allocation; depth and item count are bounded.
 */
final class CborScanner {
  private final byte[] buf;
  private final int end;
  private final int maxDepth;
  private final int maxItems;
  private int items;

  CborScanner(byte[] buf, int end, int maxDepth, int maxItems) {
    this.buf = buf;
    this.end = end;
    this.maxDepth = maxDepth;
    this.maxItems = maxItems;
  }

  byte[] buffer() {
    return buf;
  }

  /** The head of an item: major type, argument, and where the content starts. */
  record Head(int major, long argument, int contentStart) {}

  /** Reads and checks an item's head at {@code pos}. */
  Head head(int pos) throws CborException {
    if (pos >= end) {
      throw new CborException(Reason.MALFORMED, "truncated: an item was expected at byte " + pos);
    }
    int initial = buf[pos] & 0xff;
    int major = initial >>> 5;
    int info = initial & 0x1f;
    if (major == 7) {
      return switch (info) {
        case 20, 21, 22 -> new Head(7, info, pos + 1);
        case 25, 26, 27 ->
            throw new CborException(Reason.NON_CANONICAL, "floats are not allowed (byte " + pos + ")");
        case 31 ->
            throw new CborException(Reason.MALFORMED, "unexpected break code at byte " + pos);
        default ->
            throw new CborException(
                Reason.NON_CANONICAL, "simple value " + info + " is not allowed (byte " + pos + ")");
      };
    }
    if (major == 6) {
      throw new CborException(Reason.NON_CANONICAL, "tags are not allowed (byte " + pos + ")");
    }
    if (info < 24) {
      return new Head(major, info, pos + 1);
    }
    if (info == 31) {
      if (major >= 2 && major <= 5) {
        throw new CborException(
            Reason.NON_CANONICAL, "indefinite lengths are not allowed (byte " + pos + ")");
      }
      throw new CborException(Reason.MALFORMED, "invalid additional info 31 for major type " + major);
    }
    if (info > 27) {
      throw new CborException(Reason.MALFORMED, "reserved additional info " + info + " at byte " + pos);
    }
    int size = 1 << (info - 24);
    if (pos + 1 + size > end) {
      throw new CborException(Reason.MALFORMED, "truncated: the head at byte " + pos + " is cut off");
    }
    long value = 0;
    for (int i = 1; i <= size; i++) {
      value = (value << 8) | (buf[pos + i] & 0xff);
    }
    long smallest = switch (size) {
      case 1 -> 24;
      case 2 -> 0x100;
      case 4 -> 0x1_0000;
      default -> 0x1_0000_0000L;
    };
    if (Long.compareUnsigned(value, smallest) < 0) {
      throw new CborException(
          Reason.NON_CANONICAL, "integer or length at byte " + pos + " is not in shortest form");
    }
    return new Head(major, value, pos + 1 + size);
  }

  /** Checks the item at {@code pos} and everything inside it; returns the offset just after it. */
  int skip(int pos, int depth) throws CborException {
    if (++items > maxItems) {
      throw new CborException(Reason.LIMIT_EXCEEDED, "more than " + maxItems + " CBOR items");
    }
    Head head = head(pos);
    int next = head.contentStart();
    switch (head.major()) {
      case 0, 1, 7 -> {
        return next;
      }
      case 2, 3 -> {
        int length = checkedLength(head, next);
        if (head.major() == 3) {
          checkUtf8(next, length);
        }
        return next + length;
      }
      case 4 -> {
        checkDepth(depth);
        long count = checkedCount(head, next, 1);
        for (long i = 0; i < count; i++) {
          next = skip(next, depth + 1);
        }
        return next;
      }
      case 5 -> {
        checkDepth(depth);
        long count = checkedCount(head, next, 2);
        int previousKeyStart = -1;
        int previousKeyEnd = -1;
        for (long i = 0; i < count; i++) {
          int keyStart = next;
          int keyEnd = skip(keyStart, depth + 1);
          if (previousKeyStart >= 0
              && Arrays.compareUnsigned(
                      buf, previousKeyStart, previousKeyEnd, buf, keyStart, keyEnd)
                  >= 0) {
            throw new CborException(
                Reason.NON_CANONICAL,
                "map keys must be strictly ascending and unique (key at byte " + keyStart + ")");
          }
          previousKeyStart = keyStart;
          previousKeyEnd = keyEnd;
          next = skip(keyEnd, depth + 1);
        }
        return next;
      }
      default -> throw new IllegalStateException("major type " + head.major());
    }
  }

  /** The length of a byte or text string, checked against the bytes that remain. */
  int checkedLength(Head head, int contentStart) throws CborException {
    long remaining = end - contentStart;
    if (Long.compareUnsigned(head.argument(), remaining) > 0) {
      throw new CborException(
          Reason.MALFORMED,
          "truncated: a string declares " + Long.toUnsignedString(head.argument())
              + " bytes but only " + remaining + " remain");
    }
    return (int) head.argument();
  }

  private long checkedCount(Head head, int contentStart, int minBytesPerElement)
      throws CborException {
    long remaining = end - contentStart;
    if (Long.compareUnsigned(head.argument(), remaining / minBytesPerElement) > 0) {
      throw new CborException(
          Reason.MALFORMED,
          "truncated: a container declares " + Long.toUnsignedString(head.argument())
              + " elements but only " + remaining + " bytes remain");
    }
    return head.argument();
  }

  private void checkDepth(int depth) throws CborException {
    if (depth >= maxDepth) {
      throw new CborException(Reason.LIMIT_EXCEEDED, "nesting deeper than " + maxDepth);
    }
  }

  private void checkUtf8(int start, int length) throws CborException {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(buf, start, length));
    } catch (CharacterCodingException e) {
      throw new CborException(Reason.MALFORMED, "text string at byte " + start + " is not UTF-8");
    }
  }
}
