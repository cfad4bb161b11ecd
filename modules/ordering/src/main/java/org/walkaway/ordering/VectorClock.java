package org.walkaway.ordering;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import org.walkaway.core.LogKey;

/**
 * What a peer has seen, as the highest sequence number it holds of each log (author and log id).
 * Logs are hash chains, so holding seq n of a log means holding every earlier one: the map describes
 * a whole causal history in one entry per log. {@link org.walkaway.core.store.EventStore#heights}
 * gives exactly this map.
 *
 * <p>{@link #merge} is the pointwise maximum (commutative, associative, idempotent) and
 * {@link #compare} the pointwise order; a log that is absent has seen nothing.
 *
 * @param heights highest sequence number seen, by log; every value is 0 or more
 */
public record VectorClock(SortedMap<LogKey, Long> heights) {
  private static final VectorClock EMPTY = new VectorClock(new TreeMap<>());

  public VectorClock {
    Objects.requireNonNull(heights, "heights");
    TreeMap<LogKey, Long> copy = new TreeMap<>();
    heights.forEach((log, seq) -> {
      Objects.requireNonNull(log, "log");
      Objects.requireNonNull(seq, "seq");
      if (seq < 0) {
        throw new IllegalArgumentException("a sequence number is not negative: " + log + " -> " + seq);
      }
      copy.put(log, seq);
    });
    heights = Collections.unmodifiableSortedMap(copy);
  }

  public static VectorClock empty() {
    return EMPTY;
  }

  public static VectorClock of(Map<LogKey, Long> heights) {
    return new VectorClock(new TreeMap<>(heights));
  }

  /** The highest sequence number seen of {@code log}, if any. */
  public OptionalLong height(LogKey log) {
    Long seq = heights.get(log);
    return seq == null ? OptionalLong.empty() : OptionalLong.of(seq);
  }

  /** True if the event at {@code seq} of {@code log} is covered. */
  public boolean covers(LogKey log, long seq) {
    Long height = heights.get(log);
    return height != null && height >= seq;
  }

  /** This clock having also seen {@code seq} of {@code log} (and so everything before it there). */
  public VectorClock with(LogKey log, long seq) {
    if (covers(log, seq)) {
      return this;
    }
    TreeMap<LogKey, Long> next = new TreeMap<>(heights);
    next.put(log, seq);
    return new VectorClock(next);
  }

  /** Everything either has seen: the pointwise maximum. */
  public VectorClock merge(VectorClock other) {
    TreeMap<LogKey, Long> next = new TreeMap<>(heights);
    other.heights.forEach((log, seq) -> next.merge(log, seq, Math::max));
    return new VectorClock(next);
  }

  /** How this clock relates to {@code other}. */
  public CausalRelation compare(VectorClock other) {
    boolean thisAhead = aheadSomewhere(this, other);
    boolean otherAhead = aheadSomewhere(other, this);
    if (thisAhead) {
      return otherAhead ? CausalRelation.CONCURRENT : CausalRelation.AFTER;
    }
    return otherAhead ? CausalRelation.BEFORE : CausalRelation.EQUAL;
  }

  private static boolean aheadSomewhere(VectorClock a, VectorClock b) {
    for (Map.Entry<LogKey, Long> entry : a.heights.entrySet()) {
      Long theirs = b.heights.get(entry.getKey());
      if (theirs == null || theirs < entry.getValue()) {
        return true;
      }
    }
    return false;
  }
}
