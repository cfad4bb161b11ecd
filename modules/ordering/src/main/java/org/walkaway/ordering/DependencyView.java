package org.walkaway.ordering;

import java.util.List;
import org.walkaway.core.Event;
import org.walkaway.core.Hash;
import org.walkaway.ordering.internal.EventDependencies;

/**
 * What ordering needs to know about an item: its id and the ids it causally follows. The orderers
 * are generic over the item so that simulations and benchmarks can use cheap synthetic items;
 * {@link #events()} is the view of real {@link Event}s.
 *
 * <p>A view must be a pure function of the item: the same item always gives the same id and the
 * same dependencies, on every peer.
 *
 * @param <T> the item
 */
public interface DependencyView<T> {

  /** The item's id: unique per distinct item (for events, the hash of the header). */
  Hash id(T item);

  /**
   * The ids the item depends on, in any order; duplicates are allowed and count once each time they
   * are listed. The item may be released only after all of them were released.
   */
  List<Hash> dependencies(T item);

  /**
   * Events depend on their backlink (the previous event of the same log) and on their header's
   * {@code previous} ids. An event with the prune flag does not wait for its backlink: its
   * predecessors may have been deleted everywhere, so waiting for them could last forever.
   */
  static DependencyView<Event> events() {
    return EventDependencies.INSTANCE;
  }
}
