package org.walkaway.ordering;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.walkaway.core.Hash;
import org.walkaway.core.LogId;

/**
 * Where a {@link DurableOrderer} keeps what must survive a restart: the items it holds, and per topic
 * a delivery log (the ids it delivered, in delivery order, numbered from 0).
 *
 * <h2>Contract</h2>
 *
 * <ul>
 *   <li>Each method is atomic and durable when it returns: after a crash the store shows every
 *       completed call and no part of an interrupted one.</li>
 *   <li>{@link #markDelivered} removes the pending record (if any) and appends to the delivery log
 *       in one step; that is what makes a release decision impossible to apply twice or half.</li>
 *   <li>{@link #apply} writes several changes (held items and delivery marks) as one step, so that
 *       a release cascade costs one durable write instead of one per item; a store that can should
 *       make it atomic (the default applies the changes one by one, which is still safe for a
 *       {@link DurableOrderer}: every prefix of its changes is a state it could have written
 *       unbatched).</li>
 *   <li>Failures are {@link OrderingException}s (unchecked).</li>
 * </ul>
 *
 * A SQL implementation needs two tables: {@code pending(topic, id, item, seq)} and
 * {@code delivered(topic, position, id)} with a unique index on {@code (topic, id)}.
 * {@link InMemoryOrderingStore} is the reference implementation.
 *
 * @param <T> the item (for events, stored as their header and body bytes)
 */
public interface OrderingStore<T> {

  /** One write of a {@link #apply batch}: the arguments of {@link #putPending} or {@link #markDelivered}. */
  sealed interface Change<T> permits PutPending, MarkDelivered {
    LogId topic();

    Hash id();
  }

  /** Holds {@code item}, as {@link #putPending} does. */
  record PutPending<T>(LogId topic, Hash id, T item) implements Change<T> {
    public PutPending {
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(item, "item");
    }
  }

  /** Marks {@code id} delivered, as {@link #markDelivered} does. */
  record MarkDelivered<T>(LogId topic, Hash id) implements Change<T> {
    public MarkDelivered {
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(id, "id");
    }
  }

  /**
   * Applies {@code changes} in order, each as its own method would, and returns the delivery
   * positions of the {@link MarkDelivered} changes, in order. A change sees the ones before it: an
   * item put and marked in the same batch is delivered, and two marks in one topic get consecutive
   * positions.
   *
   * <p>Implementations should make this one atomic, durable step (all changes or none, after a
   * crash as after a failure). This default applies them one by one, so a failure or crash can
   * leave a prefix applied.
   *
   * @throws IllegalStateException if a change would fail as its own method call would (an id
   *     delivered twice, or held after its delivery)
   */
  default List<Long> apply(List<? extends Change<T>> changes) {
    List<Long> positions = new ArrayList<>();
    for (Change<T> change : List.copyOf(changes)) {
      switch (change) {
        case PutPending<T> put -> putPending(put.topic(), put.id(), put.item());
        case MarkDelivered<T> mark -> positions.add(markDelivered(mark.topic(), mark.id()));
      }
    }
    return List.copyOf(positions);
  }

  /** Records {@code item} as held in {@code topic}. Writing the same id twice keeps the first. */
  void putPending(LogId topic, Hash id, T item);

  /**
   * Records {@code id} as delivered in {@code topic}, removing its pending record if there is one,
   * atomically. Returns its position in the topic's delivery log.
   *
   * @throws IllegalStateException if {@code id} was already delivered in {@code topic}
   */
  long markDelivered(LogId topic, Hash id);

  boolean isDelivered(LogId topic, Hash id);

  /** Topics that have at least one held item. */
  Set<LogId> topicsWithPending();

  /** The held items of {@code topic}, in the order they were put. */
  List<T> pending(LogId topic);

  /** Removes every held item of {@code topic}. Returns how many there were. */
  int discardPending(LogId topic);

  /** How many ids were delivered in {@code topic}: the next position of its delivery log. */
  long deliveredCount(LogId topic);

  /**
   * Up to {@code maxCount} delivered ids of {@code topic}, from position {@code fromPosition} on, in
   * delivery order: for a receiver that resumes from its cursor after a restart.
   */
  List<Hash> delivered(LogId topic, long fromPosition, int maxCount);
}
