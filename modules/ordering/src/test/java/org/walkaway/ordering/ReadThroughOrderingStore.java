package org.walkaway.ordering;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.walkaway.core.Hash;
import org.walkaway.core.LogId;

/**
 * A test decorator's base: reads go straight to {@code delegate}; subclasses decide what happens to
 * writes (count them, crash in the middle of them).
 */
abstract class ReadThroughOrderingStore<T> implements OrderingStore<T> {
  final OrderingStore<T> delegate;

  ReadThroughOrderingStore(OrderingStore<T> delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public boolean isDelivered(LogId topic, Hash id) {
    return delegate.isDelivered(topic, id);
  }

  @Override
  public Set<LogId> topicsWithPending() {
    return delegate.topicsWithPending();
  }

  @Override
  public List<T> pending(LogId topic) {
    return delegate.pending(topic);
  }

  @Override
  public long deliveredCount(LogId topic) {
    return delegate.deliveredCount(topic);
  }

  @Override
  public List<Hash> delivered(LogId topic, long fromPosition, int maxCount) {
    return delegate.delivered(topic, fromPosition, maxCount);
  }

  /** The interface's default batch: one write per change, through this store's own write methods. */
  final List<Long> applyOneByOne(List<? extends Change<T>> changes) {
    return OrderingStore.super.apply(changes);
  }
}
