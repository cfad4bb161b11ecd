package org.walkaway.gossip;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;

/**
 * A bounded buffer of one topic's deliveries between the gossip state machine and a subscriber that
 * may fall behind. Gossip never waits for a subscriber; when the buffer is full the oldest delivery
 * is dropped and counted, and the next one the subscriber takes says how many it missed, so loss is
 * never silent. (For persistent streams the store and sync fill such gaps; an ephemeral stream's
 * subscriber can only learn their size.)
 *
 * <p>Not thread-safe: the embedding guards it (the {@code streams} module wraps it in a blocking queue
 * for virtual threads).
 */
public final class DeliveryQueue {

  /** A delivery, and how many deliveries were dropped just before it because the subscriber lagged. */
  public record Received(Output.Deliver delivery, long missedBefore) {
    public Received {
      Objects.requireNonNull(delivery, "delivery");
      if (missedBefore < 0) {
        throw new IllegalArgumentException("missedBefore must not be negative, got " + missedBefore);
      }
    }
  }

  private final int capacity;
  private final ArrayDeque<Output.Deliver> slots;
  /** Deliveries dropped just before the current head; drops only ever take the head. */
  private long missedBeforeHead;
  private long missedTotal;

  public DeliveryQueue(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be positive, got " + capacity);
    }
    this.capacity = capacity;
    this.slots = new ArrayDeque<>(Math.min(capacity, 1024));
  }

  /** Adds a delivery; if the queue is full, drops the oldest one and counts it as missed. */
  public void offer(Output.Deliver delivery) {
    Objects.requireNonNull(delivery, "delivery");
    if (slots.size() == capacity) {
      slots.removeFirst();
      missedBeforeHead++;
      missedTotal++;
    }
    slots.addLast(delivery);
  }

  /** The oldest delivery still buffered, with the number dropped just before it; empty if none. */
  public Optional<Received> poll() {
    Output.Deliver head = slots.pollFirst();
    if (head == null) {
      return Optional.empty();
    }
    Received received = new Received(head, missedBeforeHead);
    missedBeforeHead = 0;
    return Optional.of(received);
  }

  public int size() {
    return slots.size();
  }

  public int capacity() {
    return capacity;
  }

  /** Deliveries dropped since this queue was made. */
  public long missedTotal() {
    return missedTotal;
  }
}
