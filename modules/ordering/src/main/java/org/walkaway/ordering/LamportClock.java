package org.walkaway.ordering;

import org.walkaway.core.Rejection.Reason;
import org.walkaway.core.Verdict;

/**
 * A Lamport clock, as a value: {@link #tick()} before a local event, {@link #observe} on receiving a
 * remote time. If a happened before b, then time(a) &lt; time(b).
 *
 * <pre>{@code
 * LamportClock clock = LamportClock.ZERO.tick();                  // time 1: our event
 * clock = clock.observe(remoteTime).orElseThrow();               // max(ours, theirs) + 1
 * }</pre>
 *
 * @param time the current time, 0 before anything happened
 */
public record LamportClock(long time) implements Comparable<LamportClock> {
  public static final LamportClock ZERO = new LamportClock(0);

  public LamportClock {
    if (time < 0) {
      throw new IllegalArgumentException("a Lamport time is not negative, got " + time);
    }
  }

  /**
   * The clock after one local event.
   *
   * @throws IllegalStateException if the time would overflow (2^63 - 1 local events)
   */
  public LamportClock tick() {
    if (time == Long.MAX_VALUE) {
      throw new IllegalStateException("Lamport clock overflow");
    }
    return new LamportClock(time + 1);
  }

  /**
   * The clock after receiving an event stamped {@code remoteTime}: one more than the larger of both.
   * A remote time that is negative or would make the clock overflow is refused: a peer must not be
   * able to exhaust our clock.
   */
  public Verdict<LamportClock> observe(long remoteTime) {
    if (remoteTime < 0 || remoteTime >= Long.MAX_VALUE - 1) {
      return Verdict.rejected(
          Reason.REFUSED, "remote Lamport time " + remoteTime + " is out of range 0..2^63-3");
    }
    return Verdict.accepted(new LamportClock(Math.max(time, remoteTime) + 1));
  }

  @Override
  public int compareTo(LamportClock other) {
    return Long.compare(time, other.time);
  }
}
