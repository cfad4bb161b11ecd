package org.walkaway.gossip.internal;

import java.util.ArrayDeque;
import java.util.HashSet;
import org.walkaway.core.Hash;

/**
 * The message ids a topic has seen, bounded: when full, the id seen longest ago is forgotten.
 *
 * <p>First-in-first-out is the right policy for deduplication, and the reason this is not a Caffeine
 * cache: duplicates of a message arrive shortly after the message, so the newest ids are the ones that
 * must stay. A frequency-based policy (Caffeine's W-TinyLFU) admits a new one-hit id only against a
 * victim that was hit less often, and every id here is hit about once, so new ids would be evicted
 * first; it also breaks ties with {@code ThreadLocalRandom}, which would make simulations
 * irreproducible. Memory grows with the ids actually seen, up to the capacity.
 */
public final class FifoIdSet {
  private final int capacity;
  private final ArrayDeque<Hash> order = new ArrayDeque<>();
  private final HashSet<Hash> members = new HashSet<>();

  public FifoIdSet(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be positive, got " + capacity);
    }
    this.capacity = capacity;
  }

  public boolean contains(Hash id) {
    return members.contains(id);
  }

  /** Adds {@code id}; returns false if it was already there. */
  public boolean add(Hash id) {
    if (!members.add(id)) {
      return false;
    }
    order.addLast(id);
    if (order.size() > capacity) {
      members.remove(order.removeFirst());
    }
    return true;
  }

  public int size() {
    return members.size();
  }
}
