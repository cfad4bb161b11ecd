package org.walkaway.core.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.walkaway.core.Bytes;
import org.walkaway.core.store.StoreException;

/**
 * A {@link StateStore} in memory: the reference implementation, for tests, simulations and peers
 * that keep nothing. Durable for the object's lifetime only. {@link #copy()} takes a snapshot, which
 * is how tests simulate a crash between two batches. Many readers run at once; batches take turns
 * (a read-write lock, which does not pin virtual threads).
 */
public final class InMemoryStateStore implements StateStore {
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<Namespace, NavigableMap<Bytes, Bytes>> namespaces = new TreeMap<>();
  private volatile boolean closed;

  /** An empty store. */
  public InMemoryStateStore() {}

  @Override
  public Optional<Bytes> get(Namespace namespace, Bytes key) {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(key, "key");
    return read(() -> {
      NavigableMap<Bytes, Bytes> records = namespaces.get(namespace);
      return records == null ? Optional.empty() : Optional.ofNullable(records.get(key));
    });
  }

  @Override
  public List<StateEntry> scan(Namespace namespace, KeyRange range, int limit) {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(range, "range");
    if (limit < 0) {
      throw new IllegalArgumentException("a scan limit must not be negative, got " + limit);
    }
    return read(() -> {
      NavigableMap<Bytes, Bytes> records = namespaces.get(namespace);
      if (records == null || limit == 0 || range.isEmpty()) {
        return List.of();
      }
      List<StateEntry> result = new ArrayList<>();
      for (Map.Entry<Bytes, Bytes> entry : view(records, range).entrySet()) {
        result.add(new StateEntry(entry.getKey(), entry.getValue()));
        if (result.size() == limit) {
          break;
        }
      }
      return List.copyOf(result);
    });
  }

  private static NavigableMap<Bytes, Bytes> view(NavigableMap<Bytes, Bytes> records, KeyRange range) {
    return range.to().isPresent()
        ? records.subMap(range.from(), true, range.to().get(), false)
        : records.tailMap(range.from(), true);
  }

  @Override
  public void apply(StateBatch batch) {
    Objects.requireNonNull(batch, "batch");
    lock.writeLock().lock();
    try {
      checkOpen();
      // Nothing below can fail half-way: the batch's writes were validated when it was built.
      for (StateBatch.Write write : batch.writes()) {
        switch (write) {
          case StateBatch.Put(Namespace namespace, Bytes key, Bytes value) ->
              namespaces.computeIfAbsent(namespace, n -> new TreeMap<>()).put(key, value);
          case StateBatch.Delete(Namespace namespace, Bytes key) -> {
            NavigableMap<Bytes, Bytes> records = namespaces.get(namespace);
            if (records != null) {
              records.remove(key);
            }
          }
          case StateBatch.DeleteRange(Namespace namespace, KeyRange range) -> {
            NavigableMap<Bytes, Bytes> records = namespaces.get(namespace);
            if (records != null && !range.isEmpty()) {
              view(records, range).clear();
            }
          }
        }
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** An independent copy of everything stored now: what a restart after a crash here would find. */
  public InMemoryStateStore copy() {
    return read(() -> {
      InMemoryStateStore copy = new InMemoryStateStore();
      namespaces.forEach((namespace, records) -> copy.namespaces.put(namespace, new TreeMap<>(records)));
      return copy;
    });
  }

  @Override
  public void close() {
    closed = true;
  }

  private <R> R read(Supplier<R> action) {
    lock.readLock().lock();
    try {
      checkOpen();
      return action.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new StoreException("this in-memory state store is closed");
    }
  }

  @Override
  public String toString() {
    return closed ? "InMemoryStateStore[closed]" : "InMemoryStateStore";
  }
}
