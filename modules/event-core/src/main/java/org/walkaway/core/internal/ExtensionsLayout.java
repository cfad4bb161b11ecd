package org.walkaway.core.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.walkaway.core.Bytes;
import org.walkaway.core.DecodeLimits;
import org.walkaway.core.Hash;
import org.walkaway.core.LogId;
import org.walkaway.core.Rejection;
import org.walkaway.core.Rejection.Reason;
import org.walkaway.core.Verdict;

/**
 * Walkaway's extensions layout, version 1: a CBOR map with unsigned integer keys.
 *
 * <pre>
 *   0  layout version    uint, 1                    required
 *   1  log id            bstr, 32 bytes             optional (absent: the default log)
 *   2  timestamp         uint, microseconds since the Unix epoch
 *   3  prune flag        true (false is expressed by leaving the key out)
 *   4  previous          array of bstr 32, strictly ascending, at least one
 *   5..15                reserved for later versions of this layout; kept, not interpreted
 *   16..63               arguments of Walkaway processors (auth, groups, encryption)
 *   64..                 applications
 * </pre>
 *
 * Keys are unsigned 64-bit integers; in Java a key of 2^63 or more is a negative {@code long}, and
 * keys are ordered as unsigned numbers (which is also their canonical CBOR order).
 *
 * Any other CBOR item (a map with non-integer keys, an array, a string...) is accepted as opaque
 * extensions, so that p2panda headers with their own extension types still decode; such an event
 * carries no log id, timestamp, prune flag or dependencies as far as Walkaway is concerned.
 */
public final class ExtensionsLayout {
  private ExtensionsLayout() {}

  public static final int VERSION = 1;
  public static final long KEY_VERSION = 0;
  public static final long KEY_LOG_ID = 1;
  public static final long KEY_TIMESTAMP = 2;
  public static final long KEY_PRUNE = 3;
  public static final long KEY_PREVIOUS = 4;
  public static final long FIRST_FREE_KEY = 5;

  /** The parsed fields; {@code walkaway} is false for opaque extensions. */
  public record Parsed(
      boolean walkaway,
      LogId logId,
      long timestampMicros,
      boolean prune,
      List<Hash> previous,
      SortedMap<Long, Bytes> fields) {}

  /** Parses an item that is already known to be one canonical CBOR item. */
  public static Verdict<Parsed> parseCanonical(byte[] item) {
    CborScanner scanner = new CborScanner(item, item.length, Integer.MAX_VALUE, Integer.MAX_VALUE);
    try {
      CborScanner.Head map = scanner.head(0);
      if (map.major() != 5 || !hasUnsignedKeysAndVersion(scanner, map)) {
        return Verdict.accepted(
            new Parsed(false, null, -1, false, List.of(), Collections.emptySortedMap()));
      }
      LogId logId = null;
      long timestamp = -1;
      boolean prune = false;
      List<Hash> previous = List.of();
      SortedMap<Long, Bytes> fields = new TreeMap<>(Long::compareUnsigned);
      int pos = map.contentStart();
      for (long i = 0; i < map.argument(); i++) {
        CborScanner.Head key = scanner.head(pos);
        int valueStart = key.contentStart();
        int valueEnd = scanner.skip(valueStart, 0);
        CborScanner.Head value = scanner.head(valueStart);
        long k = key.argument();
        if (k == KEY_VERSION) {
          if (value.major() != 0 || value.argument() != VERSION) {
            return Verdict.rejected(
                Reason.UNSUPPORTED_VERSION,
                "extensions layout version " + describe(value) + "; this implementation reads version "
                    + VERSION);
          }
        } else if (k == KEY_LOG_ID) {
          logId = new LogId(Bytes.of(bytes32(scanner, value, "log id")));
        } else if (k == KEY_TIMESTAMP) {
          if (value.major() != 0 || value.argument() < 0) {
            return invalid("timestamp must be an unsigned integer below 2^63 (microseconds)");
          }
          timestamp = value.argument();
        } else if (k == KEY_PRUNE) {
          if (value.major() != 7 || value.argument() != 21) {
            return invalid("prune flag must be true; leave the key out for false");
          }
          prune = true;
        } else if (k == KEY_PREVIOUS) {
          previous = previous(scanner, value);
        } else {
          fields.put(k, Bytes.of(item, valueStart, valueEnd - valueStart));
        }
        pos = valueEnd;
      }
      return Verdict.accepted(
          new Parsed(true, logId, timestamp, prune, previous, Collections.unmodifiableSortedMap(fields)));
    } catch (CborException e) {
      return Verdict.rejected(e.rejection());
    } catch (InvalidField e) {
      return invalid(e.getMessage());
    }
  }

  /** Checks that {@code item} is one canonical CBOR item within {@code limits}, then parses it. */
  public static Verdict<Parsed> parse(byte[] item, DecodeLimits limits) {
    Optional<Rejection> notCanonical = checkCanonical(item, limits);
    if (notCanonical.isPresent()) {
      return Verdict.rejected(notCanonical.get());
    }
    return parseCanonical(item);
  }

  /** Why {@code item} is not exactly one canonical CBOR item within {@code limits}, if it is not. */
  static Optional<Rejection> checkCanonical(byte[] item, DecodeLimits limits) {
    CborScanner scanner =
        new CborScanner(item, item.length, limits.maxNestingDepth(), limits.maxItems());
    try {
      int end = scanner.skip(0, 0);
      if (end != item.length) {
        return Optional.of(
            Rejection.of(
                Reason.MALFORMED, (item.length - end) + " trailing bytes after the extensions item"));
      }
      return Optional.empty();
    } catch (CborException e) {
      return Optional.of(e.rejection());
    }
  }

  /** Encodes the layout canonically (keys ascending). */
  public static byte[] encode(
      LogId logId, long timestampMicros, boolean prune, List<Hash> previous, Map<Long, Bytes> fields) {
    // Keys are unsigned 64-bit (a long below 0 is a key of 2^63 or more), and unsigned integers in
    // shortest form sort bytewise exactly as they sort as unsigned numbers.
    SortedMap<Long, byte[]> entries = new TreeMap<>(Long::compareUnsigned);
    entries.put(KEY_VERSION, new CborWriter().unsigned(VERSION).toByteArray());
    if (logId != null) {
      entries.put(KEY_LOG_ID, new CborWriter().byteString(logId.bytes().toArray()).toByteArray());
    }
    if (timestampMicros >= 0) {
      entries.put(KEY_TIMESTAMP, new CborWriter().unsigned(timestampMicros).toByteArray());
    }
    if (prune) {
      entries.put(KEY_PRUNE, new CborWriter().bool(true).toByteArray());
    }
    if (!previous.isEmpty()) {
      List<Hash> sorted = new ArrayList<>(new java.util.TreeSet<>(previous));
      CborWriter array = new CborWriter().head(4, sorted.size());
      for (Hash hash : sorted) {
        array.byteString(hash.bytes().toArray());
      }
      entries.put(KEY_PREVIOUS, array.toByteArray());
    }
    for (Map.Entry<Long, Bytes> field : fields.entrySet()) {
      long key = field.getKey();
      if (Long.compareUnsigned(key, FIRST_FREE_KEY) < 0) {
        throw new IllegalArgumentException("extension key " + key + " is reserved for the layout");
      }
      byte[] value = field.getValue().toArray();
      // Only the encoding matters here: a field's value is any item, even one that looks like an
      // extensions map of another layout version, so it must not be parsed as the layout.
      Optional<Rejection> notCanonical = checkCanonical(value, DecodeLimits.DEFAULT);
      if (notCanonical.isPresent()) {
        throw new IllegalArgumentException(
            "extension field " + key + " is not one canonical CBOR item: " + notCanonical.get());
      }
      entries.put(key, value);
    }
    CborWriter out = new CborWriter().head(5, entries.size());
    entries.forEach((key, value) -> out.head(0, key).raw(value));
    return out.toByteArray();
  }

  private static boolean hasUnsignedKeysAndVersion(CborScanner scanner, CborScanner.Head map)
      throws CborException {
    int pos = map.contentStart();
    boolean version = false;
    for (long i = 0; i < map.argument(); i++) {
      CborScanner.Head key = scanner.head(pos);
      if (key.major() != 0) {
        return false;
      }
      version |= key.argument() == KEY_VERSION;
      pos = scanner.skip(scanner.skip(pos, 0), 0);
    }
    return version;
  }

  private static List<Hash> previous(CborScanner scanner, CborScanner.Head array)
      throws CborException {
    if (array.major() != 4 || array.argument() == 0) {
      throw new InvalidField("previous must be a non-empty array of 32-byte ids");
    }
    List<Hash> ids = new ArrayList<>((int) Math.min(array.argument(), 1024));
    int pos = array.contentStart();
    Hash last = null;
    for (long i = 0; i < array.argument(); i++) {
      CborScanner.Head element = scanner.head(pos);
      Hash id = Hash.fromBytes(bytes32(scanner, element, "previous id"));
      if (last != null && last.compareTo(id) >= 0) {
        throw new InvalidField("previous ids must be strictly ascending and unique");
      }
      ids.add(id);
      last = id;
      pos = scanner.skip(pos, 0);
    }
    return List.copyOf(ids);
  }

  private static byte[] bytes32(CborScanner scanner, CborScanner.Head head, String what)
      throws CborException {
    if (head.major() != 2 || head.argument() != 32) {
      throw new InvalidField(what + " must be a 32-byte byte string");
    }
    int length = scanner.checkedLength(head, head.contentStart());
    return java.util.Arrays.copyOfRange(
        scanner.buffer(), head.contentStart(), head.contentStart() + length);
  }

  private static String describe(CborScanner.Head value) {
    return value.major() == 0 ? Long.toUnsignedString(value.argument()) : "(not an integer)";
  }

  private static <T> Verdict<T> invalid(String message) {
    return Verdict.rejected(Rejection.of(Reason.INVALID_EXTENSIONS, message));
  }

  private static final class InvalidField extends RuntimeException {
    InvalidField(String message) {
      super(message, null, false, false);
    }
  }
}
