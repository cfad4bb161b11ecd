package org.walkaway.ordering;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.walkaway.core.Rejection.Reason;
import org.walkaway.core.Verdict;

/**
 * A hybrid logical clock (Kulkarni et al., 2014): readings that follow causality like a Lamport
 * clock and stay close to wall-clock time, so that they can be shown to people and compared across
 * peers.
 *
 * <pre>
 *   now():          l' = max(l, wall);           c' = (l' == l) ? c + 1 : 0
 *   observe(r):     l' = max(l, r.l, wall);      c' = (l' == l == r.l) ? max(c, r.c) + 1
 *                                                   : (l' == l) ? c + 1 : (l' == r.l) ? r.c + 1 : 0
 * </pre>
 *
 * A remote reading more than {@code maxSkew} ahead of our wall clock is refused (a typed
 * {@link org.walkaway.core.Rejection}, {@code REFUSED}) and leaves the clock as it was: a peer with a
 * wrong or malicious clock cannot drag ours into the future. Readings are monotonic even if the wall
 * clock steps back. The wall clock is an injected {@link InstantSource}, so tests control time.
 *
 * <p>Thread-safe; each call is atomic.
 */
public final class HybridLogicalClock {
  private final InstantSource wallClock;
  private final long maxSkewMicros;
  private HlcTimestamp last = HlcTimestamp.ZERO;

  /**
   * @param wallClock the physical clock
   * @param maxSkew how far ahead of our wall clock a remote reading may be
   */
  public HybridLogicalClock(InstantSource wallClock, Duration maxSkew) {
    this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
    Objects.requireNonNull(maxSkew, "maxSkew");
    if (maxSkew.isNegative()) {
      throw new IllegalArgumentException("maxSkew must not be negative: " + maxSkew);
    }
    this.maxSkewMicros = toMicros(maxSkew.getSeconds(), maxSkew.getNano());
  }

  /** The current wall clock and a one-minute skew bound. */
  public static HybridLogicalClock systemUtc() {
    return new HybridLogicalClock(InstantSource.system(), Duration.ofMinutes(1));
  }

  private static long toMicros(long seconds, int nanos) {
    return Math.addExact(Math.multiplyExact(seconds, 1_000_000L), nanos / 1_000);
  }

  private long wallMicros() {
    Instant now = wallClock.instant();
    return Math.max(0, toMicros(now.getEpochSecond(), now.getNano()));
  }

  /** A reading for a local event (or a send): later than every reading before it. */
  public synchronized HlcTimestamp now() {
    long wall = wallMicros();
    last = wall > last.micros() ? new HlcTimestamp(wall, 0) : last.successor();
    return last;
  }

  /**
   * Takes in a remote reading (on receiving an event) and returns our new reading, later than both.
   * Refused, with the clock unchanged, if {@code remote} is more than the allowed skew ahead of our
   * wall clock.
   */
  public synchronized Verdict<HlcTimestamp> observe(HlcTimestamp remote) {
    Objects.requireNonNull(remote, "remote");
    long wall = wallMicros();
    if (remote.micros() > wall && remote.micros() - wall > maxSkewMicros) {
      return Verdict.rejected(
          Reason.REFUSED,
          "remote clock reading " + remote + " is " + (remote.micros() - wall)
              + " µs ahead of ours, more than the allowed " + maxSkewMicros + " µs");
    }
    long micros = Math.max(wall, Math.max(last.micros(), remote.micros()));
    HlcTimestamp next;
    if (micros == last.micros() && micros == remote.micros()) {
      next = new HlcTimestamp(micros, Math.max(last.counter(), remote.counter())).successor();
    } else if (micros == last.micros()) {
      next = last.successor();
    } else if (micros == remote.micros()) {
      next = remote.successor();
    } else {
      next = new HlcTimestamp(micros, 0);
    }
    last = next;
    return Verdict.accepted(next);
  }

  /** The last reading given out, without advancing. */
  public synchronized HlcTimestamp last() {
    return last;
  }

  /** The maximum skew allowed to remote readings. */
  public Duration maxSkew() {
    return Duration.of(maxSkewMicros, ChronoUnit.MICROS);
  }
}
