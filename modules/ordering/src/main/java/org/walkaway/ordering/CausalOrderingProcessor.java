package org.walkaway.ordering;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.walkaway.core.Event;
import org.walkaway.core.Hash;
import org.walkaway.core.LogId;
import org.walkaway.core.processor.Downstream;
import org.walkaway.core.processor.Processor;
import org.walkaway.core.store.EventStore;

/**
 * The ordering stage of an inbound pipeline: emits each {@link Event} once, after its backlink and
 * its {@code previous} events ({@link DependencyView#events()}), with one ordering state per topic
 * (the event's {@link LogId}; all authors of a topic share {@code LogId.ofTopic(topic)}).
 *
 * <pre>{@code
 * var ordering = CausalOrderingProcessor.builder().missingListener(sync::want).build();
 * Processor<RawEvent, Event> inbound =
 *     Pipeline.of(new EventDecoder()).then(new StoreAppender(events)).then(ordering);
 * }</pre>
 *
 * <ul>
 *   <li>An event whose dependencies were all emitted is emitted at once, followed by the held events
 *       it unblocks; otherwise it is held, and the ids it waits for are reported to the
 *       {@link MissingListener} and by {@link #missing(LogId)}.</li>
 *   <li>Duplicates are dropped quietly. An event that depends on itself, lists too many
 *       dependencies, or finds its topic's buffer (or all buffers) full is rejected with a
 *       {@link org.walkaway.core.Rejection} ({@code REFUSED} or {@code LIMIT_EXCEEDED}); nothing held
 *       is evicted. A rejected event may come again later.</li>
 *   <li>With a durable {@link OrderingStore}, a restart neither loses held events nor emits any twice
 *       or early: see {@link DurableOrderer}. Events found ready at restart are emitted at the start
 *       of the next {@link #process} call, or by {@link #flush}.</li>
 * </ul>
 *
 * <p>With {@link Builder#bodiesFrom(EventStore)}, events are held without their bodies and get them
 * back from that store when they are emitted, so held events cost their headers only; use it when a
 * {@code StoreAppender} before this stage stores every event.
 *
 * <p>If {@link Downstream#emit} is interrupted, the events not yet emitted stay queued (their
 * delivery is recorded) and go out first on the next call.
 */
public final class CausalOrderingProcessor implements Processor<Event, Event> {
  private final DurableOrderer<Event> orderer;
  private final Optional<EventStore> bodies;
  private final ArrayDeque<Event> outbox = new ArrayDeque<>();

  private CausalOrderingProcessor(Builder builder) {
    this.bodies = builder.bodies;
    this.orderer =
        DurableOrderer.open(
            builder.store,
            DependencyView.events(),
            Event::logId,
            builder.limits,
            builder.missingListener);
    orderer.drainRecovered(this::enqueue);
  }

  /** A processor with an in-memory store, default limits and no listener. */
  public CausalOrderingProcessor() {
    this(builder());
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void process(Event input, Downstream<Event> out) throws InterruptedException {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(out, "out");
    flush(out);
    Event held = bodies.isPresent() ? input.withoutBody() : input;
    Admission admission = orderer.offer(held, this::enqueue);
    if (admission instanceof Admission.Refused(var rejection)) {
      out.reject(input, rejection);
    }
    flush(out);
  }

  private void enqueue(Event event) {
    outbox.addLast(event);
  }

  /** Emits the events whose delivery is recorded but which were not emitted yet. */
  public void flush(Downstream<Event> out) throws InterruptedException {
    Event next;
    while ((next = outbox.peekFirst()) != null) {
      out.emit(withBody(next));
      outbox.pollFirst();
    }
  }

  private Event withBody(Event event) {
    if (bodies.isEmpty() || event.header().payloadSize() == 0 || event.body().isPresent()) {
      return event;
    }
    return bodies.get().get(event.id()).orElse(event);
  }

  /** Ids that held events of {@code topic} wait for and that were never seen: ask peers for them. */
  public List<Hash> missing(LogId topic) {
    return orderer.missing(topic);
  }

  /** Missing ids of every topic that has some. */
  public Map<LogId, List<Hash>> missing() {
    return orderer.missing();
  }

  /** How many events {@code topic} holds. */
  public int heldCount(LogId topic) {
    return orderer.heldCount(topic);
  }

  /** The ids delivered in {@code topic}, from a position on: for a receiver resuming after a crash. */
  public List<Hash> delivered(LogId topic, long fromPosition, int maxCount) {
    return orderer.delivered(topic, fromPosition, maxCount);
  }

  /** Drops the events {@code topic} holds (see {@link DurableOrderer#discardPending}). */
  public List<Event> discardPending(LogId topic) {
    return orderer.discardPending(topic);
  }

  /** Frees the memory of delivered ids; the store remembers them. */
  public long trimMemory() {
    return orderer.trimMemory();
  }

  @Override
  public String toString() {
    return "CausalOrderingProcessor[" + orderer + ", outbox=" + outbox.size() + "]";
  }

  /** Builds a {@link CausalOrderingProcessor}. */
  public static final class Builder {
    private OrderingStore<Event> store = new InMemoryOrderingStore<>();
    private OrderingLimits limits = OrderingLimits.DEFAULT;
    private MissingListener missingListener = MissingListener.NONE;
    private Optional<EventStore> bodies = Optional.empty();

    private Builder() {}

    /** Where held events and delivery marks are kept; an {@link InMemoryOrderingStore} if not set. */
    public Builder store(OrderingStore<Event> store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    public Builder limits(OrderingLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    public Builder missingListener(MissingListener listener) {
      this.missingListener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Holds events without bodies and reads the bodies back from {@code events} when emitting. */
    public Builder bodiesFrom(EventStore events) {
      this.bodies = Optional.of(Objects.requireNonNull(events, "events"));
      return this;
    }

    /** Opens the processor, recovering what the store holds. */
    public CausalOrderingProcessor build() {
      return new CausalOrderingProcessor(this);
    }
  }
}
