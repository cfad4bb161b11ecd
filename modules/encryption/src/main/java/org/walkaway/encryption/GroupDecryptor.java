package org.walkaway.encryption;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.walkaway.core.Bytes;
import org.walkaway.core.Event;
import org.walkaway.core.LogId;
import org.walkaway.core.PublicKey;
import org.walkaway.core.Rejection;
import org.walkaway.core.Verdict;
import org.walkaway.core.processor.Downstream;
import org.walkaway.core.processor.Processor;

/**
 * The decryption stage of an inbound pipeline: it opens event bodies sealed by the
 * {@link MessageScheme} and holds back those whose key has not arrived yet.
 *
 * <pre>
 *   ordering ──▶ GroupDecryptor ──▶ application          (DecryptedEvent: event + plaintext)
 *                  │   ▲
 *                  │   └── keyArrived(sender, generation, update secret)   (from DCGKA)
 *                  ├── held: per topic (log id) queues, at most maxHeld events in all
 *                  └── reject(event, why) ──▶ rejection sink
 * </pre>
 *
 * <p>For each event, by the {@link MessageScheme.KeyStatus} of its author's generation:
 * <ul>
 *   <li>{@code AVAILABLE}: open it now and emit it, or reject it with the scheme's reason
 *       ({@link EncryptionFailure#AUTHENTICATION_FAILED} or {@link EncryptionFailure#KEY_COMMITMENT_MISMATCH}
 *       when tampered, {@link EncryptionFailure#REPLAYED}, {@link EncryptionFailure#BEYOND_FORWARD_DISTANCE},
 *       {@link EncryptionFailure#UNKNOWN_KEY} for a dropped skipped key);</li>
 *   <li>{@code NOT_YET}: hold it until {@link #keyArrived} brings that generation;</li>
 *   <li>{@code GONE}: reject it ({@link EncryptionFailure#UNKNOWN_KEY}): it was sealed before this
 *       member joined, in a generation already dropped, or by this member itself (whose message
 *       keys are zeroed once used).</li>
 * </ul>
 * A body that is not an envelope is {@link EncryptionFailure#MALFORMED}, and so is an event without a
 * body (pruned or not fetched: there is nothing to decrypt).
 *
 * <p><b>Overflow policy.</b> At most {@code maxHeld} events are held. When one more arrives, the
 * oldest held event of the topic that holds the most (the lowest log id among equals, so the choice
 * is deterministic) is dropped and rejected with {@link EncryptionFailure#HOLD_BUFFER_FULL}. So a
 * topic flooded with undecryptable events evicts its own, not a quiet topic's; nothing is dropped
 * silently, and sync can bring a dropped event again once its key is here.
 *
 * <p>Released events come out in the order they arrived. Like every processor, this one is called
 * from the pipeline's thread only, and so is {@link #keyArrived}, which takes the downstream that
 * follows this stage (the application, when this stage ends the inbound pipeline as DESIGN.md
 * places it). If {@code emit} is interrupted
 * while releasing, the events not yet released stay held; the one being emitted is lost to this stage
 * (its message key is used up), as with any stage interrupted mid-emit.
 */
public final class GroupDecryptor implements Processor<Event, DecryptedEvent> {
  /** The default bound on held events. */
  public static final int DEFAULT_MAX_HELD = 1024;

  private final MessageScheme scheme;
  private final int maxHeld;
  private final Map<LogId, ArrayDeque<Held>> held = new TreeMap<>();
  private int heldCount;
  private long arrivals;

  private record Held(long arrival, Event event, MessageEnvelope envelope) {}

  public GroupDecryptor(MessageScheme scheme) {
    this(scheme, DEFAULT_MAX_HELD);
  }

  public GroupDecryptor(MessageScheme scheme, int maxHeld) {
    this.scheme = Objects.requireNonNull(scheme, "scheme");
    if (maxHeld < 0) {
      throw new IllegalArgumentException("maxHeld must not be negative: " + maxHeld);
    }
    this.maxHeld = maxHeld;
  }

  public MessageScheme scheme() {
    return scheme;
  }

  /** How many events wait for a key. */
  public int heldCount() {
    return heldCount;
  }

  /** How many events of {@code logId} wait for a key. */
  public int heldCount(LogId logId) {
    ArrayDeque<Held> queue = held.get(logId);
    return queue == null ? 0 : queue.size();
  }

  @Override
  public void process(Event event, Downstream<DecryptedEvent> out) throws InterruptedException {
    Objects.requireNonNull(event, "event");
    if (event.body().isEmpty()) {
      out.reject(event, EncryptionFailure.MALFORMED.rejection("event " + event.id() + " has no body to decrypt"));
      return;
    }
    Verdict<MessageEnvelope> decoded = MessageEnvelopeCodec.decode(event.body().get().bytes());
    if (decoded instanceof Verdict.Rejected<MessageEnvelope> rejected) {
      out.reject(event, rejected.rejection());
      return;
    }
    MessageEnvelope envelope = decoded.orElseThrow();
    switch (scheme.status(event.author(), envelope.generation())) {
      case AVAILABLE -> open(event, envelope, out);
      case NOT_YET -> hold(new Held(arrivals++, event, envelope), out);
      case GONE -> out.reject(event, gone(event, envelope));
    }
  }

  /**
   * The update secret of {@code sender}'s {@code generation} arrived (from DCGKA): seeds the scheme
   * with it ({@link MessageScheme#seed}: this member's own secret starts its next sending
   * generation, another sender's adds a receiving chain), rejects the held events of that sender
   * that can now never be opened (their generation was dropped to make room), then releases, in
   * arrival order, the held events the new chain opens (each emitted, or rejected if it does not
   * open). The secret is not kept.
   */
  public void keyArrived(PublicKey sender, long generation, SymmetricKey secret, Downstream<DecryptedEvent> out)
      throws InterruptedException {
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(out, "out");
    scheme.seed(sender, generation, secret);
    List<Held> ready = new ArrayList<>();
    List<Held> gone = new ArrayList<>();
    for (Iterator<ArrayDeque<Held>> queues = held.values().iterator(); queues.hasNext(); ) {
      ArrayDeque<Held> queue = queues.next();
      for (Iterator<Held> it = queue.iterator(); it.hasNext(); ) {
        Held h = it.next();
        if (!h.event().author().equals(sender)) {
          continue;
        }
        MessageScheme.KeyStatus status = scheme.status(sender, h.envelope().generation());
        if (status != MessageScheme.KeyStatus.NOT_YET) {
          it.remove();
          heldCount--;
          (status == MessageScheme.KeyStatus.AVAILABLE ? ready : gone).add(h);
        }
      }
      if (queue.isEmpty()) {
        queues.remove();
      }
    }
    for (Held h : gone) {
      out.reject(h.event(), gone(h.event(), h.envelope()));
    }
    ready.sort(Comparator.comparingLong(Held::arrival));
    for (int i = 0; i < ready.size(); i++) {
      try {
        open(ready.get(i).event(), ready.get(i).envelope(), out);
      } catch (InterruptedException e) {
        for (Held rest : ready.subList(i + 1, ready.size())) {
          requeue(rest);
        }
        throw e;
      }
    }
  }

  /** Forgets the held events (they are neither emitted nor rejected). */
  @Override
  public void close() {
    held.clear();
    heldCount = 0;
  }

  private void open(Event event, MessageEnvelope envelope, Downstream<DecryptedEvent> out) throws InterruptedException {
    Verdict<byte[]> opened = scheme.open(event.author(), event.logId(), event.seqNum(), envelope);
    switch (opened) {
      case Verdict.Accepted<byte[]> accepted -> out.emit(new DecryptedEvent(event, Bytes.of(accepted.value())));
      case Verdict.Rejected<byte[]> rejected -> out.reject(event, rejected.rejection());
    }
  }

  private void hold(Held h, Downstream<DecryptedEvent> out) {
    held.computeIfAbsent(h.event().logId(), id -> new ArrayDeque<>()).addLast(h);
    heldCount++;
    while (heldCount > maxHeld) {
      Map.Entry<LogId, ArrayDeque<Held>> fullest = null;
      for (Map.Entry<LogId, ArrayDeque<Held>> entry : held.entrySet()) {
        if (fullest == null || entry.getValue().size() > fullest.getValue().size()) {
          fullest = entry;
        }
      }
      LogId topic = fullest.getKey();
      Held dropped = fullest.getValue().pollFirst();
      if (fullest.getValue().isEmpty()) {
        held.remove(topic);
      }
      heldCount--;
      out.reject(dropped.event(), EncryptionFailure.HOLD_BUFFER_FULL.rejection("dropped event " + dropped.event().id()
          + " of log " + topic + ", the topic holding the most of the " + maxHeld + " events waiting for a key"));
    }
  }

  private void requeue(Held h) {
    ArrayDeque<Held> queue = held.computeIfAbsent(h.event().logId(), id -> new ArrayDeque<>());
    // Keep each queue in arrival order: a requeued event is older than anything held after it.
    List<Held> all = new ArrayList<>(queue);
    all.add(h);
    all.sort(Comparator.comparingLong(Held::arrival));
    queue.clear();
    queue.addAll(all);
    heldCount++;
  }

  private static Rejection gone(Event event, MessageEnvelope envelope) {
    return EncryptionFailure.UNKNOWN_KEY.rejection("event " + event.id() + " was sealed in generation "
        + envelope.generation() + " of " + event.author() + ", which this member never gets (sealed before it joined) or has dropped");
  }
}
