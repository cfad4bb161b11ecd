package org.walkaway.core.store;

import java.util.Optional;
import org.walkaway.core.Event;
import org.walkaway.core.Rejection;
import org.walkaway.core.Rejection.Reason;

/**
 * The log rules of the event format, sans-IO: does {@code event} continue its log, given the event
 * currently at the previous position (if known)? Stores apply this inside their append transaction.
 *
 * <ul>
 *   <li>seq 0 starts a log: no predecessor is needed;</li>
 *   <li>seq n > 0 needs the event at n-1 of the same author and log, and its backlink must be that
 *       event's id;</li>
 *   <li>an event with the prune flag is accepted without its predecessors (they may be deleted), but
 *       if the predecessor is known the backlink must still match.</li>
 * </ul>
 */
public final class LogValidation {
  private LogValidation() {}

  /**
   * Checks {@code event} against {@code previous}, the event known at position {@code seq - 1} of
   * the same log (empty if none is known).
   */
  public static Optional<Rejection> check(Event event, Optional<Event> previous) {
    long seq = event.seqNum();
    if (seq == 0) {
      return Optional.empty();
    }
    if (previous.isEmpty()) {
      if (event.header().prune()) {
        return Optional.empty();
      }
      return Optional.of(
          Rejection.of(
              Reason.MISSING_PREDECESSOR,
              "event " + event.id() + " is seq " + seq + " of log " + event.logId() + " by "
                  + event.author() + ", but seq " + (seq - 1) + " is not known; deliver it first"));
    }
    Event prev = previous.get();
    if (!prev.author().equals(event.author()) || !prev.logId().equals(event.logId())) {
      return Optional.of(
          Rejection.of(
              Reason.LOG_MISMATCH,
              "previous event " + prev.id() + " belongs to another author or log"));
    }
    if (prev.seqNum() + 1 != seq) {
      return Optional.of(
          Rejection.of(
              Reason.LOG_MISMATCH,
              "sequence number " + seq + " does not follow " + prev.seqNum()));
    }
    if (!event.header().backlink().orElseThrow().equals(prev.id())) {
      return Optional.of(
          Rejection.of(
              Reason.BACKLINK_MISMATCH,
              "backlink " + event.header().backlink().orElseThrow() + " of seq " + seq
                  + " is not the id of seq " + (seq - 1) + ", " + prev.id()));
    }
    return Optional.empty();
  }
}
