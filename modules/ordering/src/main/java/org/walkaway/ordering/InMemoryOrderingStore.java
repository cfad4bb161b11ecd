package org.walkaway.ordering;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.walkaway.core.Hash;
import org.walkaway.core.LogId;

/**
 * An {@link OrderingStore} in memory: the reference implementation, for tests, simulations and
 * peers that rebuild their state at start. {@link #copy()} takes a snapshot, which is how tests
 * simulate a crash at an arbitrary point. Safe for concurrent use; every method is atomic,
 * {@link #apply} included (a batch that would fail changes nothing).
 */
public final class InMemoryOrderingStore<T> implements OrderingStore<T> {
  private final Map<LogId, Topic<T>> topics = new HashMap<>();

  public InMemoryOrderingStore() {}

  private Topic<T> topic(LogId topic) {
    return topics.computeIfAbsent(Objects.requireNonNull(topic, "topic"), t -> new Topic<>());
  }

  @Override
  public synchronized void putPending(LogId topic, Hash id, T item) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(item, "item");
    Topic<T> state = topic(topic);
    if (state.positions.containsKey(id)) {
      throw new IllegalStateException("item " + id + " was already delivered in topic " + topic);
    }
    state.pending.putIfAbsent(id, item);
  }

  @Override
  public synchronized long markDelivered(LogId topic, Hash id) {
    Objects.requireNonNull(id, "id");
    Topic<T> state = topic(topic);
    long position = state.log.size();
    if (state.positions.putIfAbsent(id, position) != null) {
      throw new IllegalStateException("item " + id + " was already delivered in topic " + topic);
    }
    state.log.add(id);
    state.pending.remove(id);
    return position;
  }

  /** Atomic: the whole batch is checked before any of it is applied. */
  @Override
  public synchronized List<Long> apply(List<? extends Change<T>> changes) {
    List<Change<T>> batch = List.copyOf(changes);
    // Checked first, against the store and the batch's own earlier marks, so that a failing change
    // leaves nothing of the batch behind.
    Set<TopicId> markedHere = new HashSet<>();
    for (Change<T> change : batch) {
      TopicId key = new TopicId(change.topic(), change.id());
      boolean delivered = markedHere.contains(key) || isDelivered(change.topic(), change.id());
      if (delivered) {
        throw new IllegalStateException(
            "item " + change.id() + " was already delivered in topic " + change.topic());
      }
      if (change instanceof MarkDelivered<T>) {
        markedHere.add(key);
      }
    }
    List<Long> positions = new ArrayList<>();
    for (Change<T> change : batch) {
      switch (change) {
        case PutPending<T> put -> putPending(put.topic(), put.id(), put.item());
        case MarkDelivered<T> mark -> positions.add(markDelivered(mark.topic(), mark.id()));
      }
    }
    return List.copyOf(positions);
  }

  private record TopicId(LogId topic, Hash id) {}

  @Override
  public synchronized boolean isDelivered(LogId topic, Hash id) {
    Topic<T> state = topics.get(topic);
    return state != null && state.positions.containsKey(id);
  }

  @Override
  public synchronized Set<LogId> topicsWithPending() {
    Set<LogId> result = new TreeSet<>();
    topics.forEach((topic, state) -> {
      if (!state.pending.isEmpty()) {
        result.add(topic);
      }
    });
    return result;
  }

  @Override
  public synchronized List<T> pending(LogId topic) {
    Topic<T> state = topics.get(topic);
    return state == null ? List.of() : List.copyOf(state.pending.values());
  }

  @Override
  public synchronized int discardPending(LogId topic) {
    Topic<T> state = topics.get(topic);
    if (state == null) {
      return 0;
    }
    int count = state.pending.size();
    state.pending.clear();
    return count;
  }

  @Override
  public synchronized long deliveredCount(LogId topic) {
    Topic<T> state = topics.get(topic);
    return state == null ? 0 : state.log.size();
  }

  @Override
  public synchronized List<Hash> delivered(LogId topic, long fromPosition, int maxCount) {
    if (fromPosition < 0 || maxCount < 0) {
      throw new IllegalArgumentException(
          "position and count must not be negative: " + fromPosition + ", " + maxCount);
    }
    Topic<T> state = topics.get(topic);
    if (state == null || fromPosition >= state.log.size()) {
      return List.of();
    }
    int from = (int) fromPosition;
    int to = (int) Math.min(state.log.size(), (long) from + maxCount);
    return List.copyOf(state.log.subList(from, to));
  }

  /** An independent copy of everything stored now: what a restart after a crash here would find. */
  public synchronized InMemoryOrderingStore<T> copy() {
    InMemoryOrderingStore<T> copy = new InMemoryOrderingStore<>();
    topics.forEach((topic, state) -> {
      Topic<T> target = copy.topic(topic);
      target.pending.putAll(state.pending);
      target.positions.putAll(state.positions);
      target.log.addAll(state.log);
    });
    return copy;
  }

  private static final class Topic<T> {
    final LinkedHashMap<Hash, T> pending = new LinkedHashMap<>();
    final HashMap<Hash, Long> positions = new HashMap<>();
    final List<Hash> log = new ArrayList<>();
  }
}
