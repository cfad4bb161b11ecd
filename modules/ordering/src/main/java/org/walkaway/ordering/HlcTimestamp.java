package org.walkaway.ordering;

/**
 * A hybrid logical clock reading: wall-clock microseconds since the Unix epoch (as in an event's
 * {@code timestampMicros}) and a counter that orders readings within one microsecond. Ordered by
 * microseconds, then counter.
 *
 * @param micros the physical part, microseconds since 1970-01-01T00:00Z
 * @param counter the logical part
 */
public record HlcTimestamp(long micros, int counter) implements Comparable<HlcTimestamp> {
  public static final HlcTimestamp ZERO = new HlcTimestamp(0, 0);

  public HlcTimestamp {
    if (micros < 0 || counter < 0) {
      throw new IllegalArgumentException(
          "an HLC timestamp is not negative, got " + micros + "/" + counter);
    }
  }

  @Override
  public int compareTo(HlcTimestamp other) {
    int byMicros = Long.compare(micros, other.micros);
    return byMicros != 0 ? byMicros : Integer.compare(counter, other.counter);
  }

  /** The reading just after this one with the same physical part, or the next microsecond. */
  HlcTimestamp successor() {
    return counter == Integer.MAX_VALUE
        ? new HlcTimestamp(Math.addExact(micros, 1), 0)
        : new HlcTimestamp(micros, counter + 1);
  }

  @Override
  public String toString() {
    return micros + "." + counter;
  }
}
