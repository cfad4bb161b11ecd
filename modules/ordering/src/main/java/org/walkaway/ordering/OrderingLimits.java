package org.walkaway.ordering;

/**
 * Bounds on what ordering keeps while items wait for their dependencies.
 *
 * <p>The buffer is measured in <em>entries</em>: a held item counts one entry, plus one for each of
 * its dependencies that was not delivered when it was held. So a buffer of {@code n} entries costs at
 * most about {@code n} times the bytes of one entry (see the module README for the figure), however
 * the items spread their dependencies; an item that claims a thousand missing dependencies takes a
 * thousand and one entries, not one.
 *
 * <p>Overflow policy: an item that would take the buffer past a bound is <em>refused</em>
 * ({@link org.walkaway.core.Rejection.Reason#LIMIT_EXCEEDED}) and nothing already held is evicted.
 * Items whose dependencies are all delivered are never buffered, so they are delivered even when the
 * buffer is full.
 *
 * @param maxBufferedPerTopic most entries one topic may hold; a flood in one topic stops here, so it
 *     cannot take the room of another
 * @param maxBufferedTotal most entries all topics together may hold: the memory cap
 * @param maxDependencies most dependencies one item may list; more is refused outright
 */
public record OrderingLimits(int maxBufferedPerTopic, long maxBufferedTotal, int maxDependencies) {

  /** 100,000 entries per topic, 1,000,000 in all, 1,024 dependencies per item. */
  public static final OrderingLimits DEFAULT = new OrderingLimits(100_000, 1_000_000, 1_024);

  public OrderingLimits {
    if (maxBufferedPerTopic < 0 || maxBufferedTotal < 0 || maxDependencies < 0) {
      throw new IllegalArgumentException(
          "limits must not be negative: " + maxBufferedPerTopic + ", " + maxBufferedTotal + ", "
              + maxDependencies);
    }
  }

  /** No bound at all: for trusted input only (replay of one's own store, benchmarks). */
  public static OrderingLimits unbounded() {
    return new OrderingLimits(Integer.MAX_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE);
  }
}
