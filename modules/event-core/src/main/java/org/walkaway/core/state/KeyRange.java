package org.walkaway.core.state;

import java.util.Objects;
import java.util.Optional;
import org.walkaway.core.Bytes;

/**
 * The keys {@code k} with {@code from <= k < to} in unsigned lexicographic order (the order of
 * {@link Bytes#compareTo}); without {@code to}, every key from {@code from} on.
 *
 * @param from the smallest key in the range (inclusive); {@link Bytes#EMPTY} is the smallest of all
 * @param to the first key past the range (exclusive), or empty for no upper bound
 */
public record KeyRange(Bytes from, Optional<Bytes> to) {
  private static final KeyRange ALL = new KeyRange(Bytes.EMPTY, Optional.empty());

  public KeyRange {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (to.isPresent() && to.get().compareTo(from) < 0) {
      throw new IllegalArgumentException("a range ends before it starts: from " + from + " to " + to.get());
    }
  }

  /** Every key. */
  public static KeyRange all() {
    return ALL;
  }

  /** Every key from {@code from} on. */
  public static KeyRange startingAt(Bytes from) {
    return new KeyRange(from, Optional.empty());
  }

  /** {@code from <= key < to}. */
  public static KeyRange between(Bytes from, Bytes to) {
    return new KeyRange(from, Optional.of(to));
  }

  /** Every key that starts with {@code prefix} (every key, for the empty prefix). */
  public static KeyRange prefix(Bytes prefix) {
    return new KeyRange(prefix, successorOfPrefix(prefix));
  }

  /**
   * The smallest key greater than every key that starts with {@code prefix}: the prefix without its
   * trailing {@code 0xff} bytes, with its last byte incremented; none if the prefix is all {@code 0xff}
   * (or empty), since then no key is greater than all of them.
   */
  public static Optional<Bytes> successorOfPrefix(Bytes prefix) {
    byte[] bytes = prefix.toArray();
    for (int i = bytes.length - 1; i >= 0; i--) {
      if (bytes[i] != (byte) 0xff) {
        bytes[i]++;
        return Optional.of(Bytes.of(bytes, 0, i + 1));
      }
    }
    return Optional.empty();
  }

  /**
   * The part of this range after {@code key}: how a caller pages through a long range, passing the
   * last key of the previous page.
   */
  public KeyRange after(Bytes key) {
    byte[] next = new byte[key.length() + 1]; // key + 0x00: the smallest key greater than key
    key.copyTo(next, 0);
    Bytes start = Bytes.of(next);
    if (start.compareTo(from) <= 0) {
      return this;
    }
    if (to.isPresent() && to.get().compareTo(start) < 0) {
      return new KeyRange(to.get(), to);
    }
    return new KeyRange(start, to);
  }

  public boolean contains(Bytes key) {
    return key.compareTo(from) >= 0 && (to.isEmpty() || key.compareTo(to.get()) < 0);
  }

  /** True if no key can be in the range. */
  public boolean isEmpty() {
    return to.isPresent() && to.get().equals(from);
  }
}
