package org.walkaway.core.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.walkaway.core.Event;
import org.walkaway.core.Hash;
import org.walkaway.core.LogId;
import org.walkaway.core.LogKey;
import org.walkaway.core.PublicKey;

/**
 * Where verified events live: append-only logs, one per author and log id.
 *
 * <h2>Contract</h2>
 *
 * <ul>
 *   <li>{@link #append} checks the event against its log ({@link LogValidation}) and stores it in one
 *       atomic step: concurrent appends to one log cannot both pass the backlink check.</li>
 *   <li>Appending an event already stored is a {@link AppendResult.Duplicate}; if the store lacked
 *       its body, the body is attached.</li>
 *   <li>A different event at a taken position is a fork: the first stays, the second is rejected
 *       with {@code FORK}, and both headers are kept as {@link ForkEvidence}.</li>
 *   <li>Appending an event with the prune flag deletes every earlier event of its log (headers and
 *       bodies); events below a log's prune point are rejected with {@code PRUNED} afterwards.</li>
 *   <li>Reads never see a half-done append. Implementations are safe for concurrent readers and
 *       writers.</li>
 * </ul>
 *
 * Events given to a store must come from {@link org.walkaway.core.EventCodec#decode} or
 * {@link org.walkaway.core.EventBuilder}: a store does not verify signatures again.
 */
public interface EventStore extends AutoCloseable {

  AppendResult append(Event event);

  /**
   * Appends events in order, as one transaction where the store has them; an event may depend on an
   * earlier one of the same batch. One result per event, in order.
   */
  default List<AppendResult> appendAll(List<Event> events) {
    return events.stream().map(this::append).toList();
  }

  /** The event with this id, with its body if the store has it. */
  Optional<Event> get(Hash id);

  /** The event at {@code seqNum} of a log. */
  Optional<Event> get(LogKey log, long seqNum);

  /** Events of a log with {@code fromSeq <= seq <= toSeq}, ascending; pruned positions are absent. */
  List<Event> range(LogKey log, long fromSeq, long toSeq);

  /** The newest event of a log. */
  Optional<Event> latest(LogKey log);

  /** The highest sequence number of every log with one of {@code logIds}, by author and log. */
  Map<LogKey, Long> heights(Collection<LogId> logIds);

  /** Every log of one author, with its height. */
  Map<LogKey, Long> heights(PublicKey author);

  /**
   * Deletes every event of {@code log} below {@code seqNum} (headers and bodies). The event at
   * {@code seqNum} must exist, so the log can still be continued. Returns how many were deleted.
   */
  int prune(LogKey log, long seqNum);

  /** Lowest sequence number still kept for a log, after pruning (0 if never pruned). */
  long prunePoint(LogKey log);

  /** Drops an event's body, keeping its header (withholding, or reclaiming space). */
  boolean removeBody(Hash id);

  /** Evidence of forks by {@code author}, oldest first; the same fork received again is kept once. */
  List<ForkEvidence> forks(PublicKey author);

  /** Releases resources; using the store afterwards throws {@link StoreException}. */
  @Override
  void close();
}
