package org.walkaway.ordering;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.walkaway.core.Hash;

/**
 * One total order of a set of items that every peer computes alike from the same set, whatever order
 * the items came in: for applications that rebuild their state by replaying events.
 *
 * <p>The order is by <em>depth</em>, then by id: an item's depth is 0 if none of its dependencies is
 * in the set, else one more than the deepest of them (its Lamport time within the set), and ids break
 * ties in unsigned byte order. Every item comes after its dependencies, since they are shallower;
 * depth and id depend on the set only, so the order does too.
 *
 * <pre>
 *        a(0)   b(0)           depth 0: a, b   (ids decide: a &lt; b)
 *          \   /    \
 *          c(1)     d(1)       depth 1: c, d
 *            \     /
 *             e(2)             order: a b c d e
 * </pre>
 *
 * Dependencies outside the set are ignored (pruned or not part of the replay). Adding an item to the
 * set can move later items, so an application that wants a stable prefix replays from its last
 * snapshot. The cost is O(n log n + dependencies).
 */
public final class LinearOrder {
  private LinearOrder() {}

  /**
   * The items in deterministic topological order.
   *
   * @throws IllegalArgumentException if two different items share an id, or the items form a
   *     dependency cycle (neither can come from hash-linked events)
   */
  public static <T> List<T> sort(Collection<? extends T> items, DependencyView<? super T> view) {
    return LinearOrder.<T>order(items, view).stream().map(Ranked::item).toList();
  }

  /** The items in the same order as {@link #sort}, each with its depth. */
  public static <T> List<Ranked<T>> order(
      Collection<? extends T> items, DependencyView<? super T> view) {
    Objects.requireNonNull(items, "items");
    Objects.requireNonNull(view, "view");
    Map<Hash, Integer> index = new HashMap<>(items.size() * 2);
    List<T> distinct = new ArrayList<>(items.size());
    List<Hash> ids = new ArrayList<>(items.size());
    for (T item : items) {
      Hash id = view.id(item);
      Integer seen = index.putIfAbsent(id, distinct.size());
      if (seen == null) {
        distinct.add(item);
        ids.add(id);
      } else if (!distinct.get(seen).equals(item)) {
        throw new IllegalArgumentException("two different items have the id " + id);
      }
    }
    int n = distinct.size();
    int[] pendingDependencies = new int[n];
    int[][] dependants = new int[n][];
    int[] dependantCounts = new int[n];
    for (int i = 0; i < n; i++) {
      for (Hash dependency : view.dependencies(distinct.get(i))) {
        Integer j = index.get(dependency);
        if (j == null) {
          continue;
        }
        pendingDependencies[i]++;
        int[] list = dependants[j];
        if (list == null) {
          list = dependants[j] = new int[2];
        } else if (dependantCounts[j] == list.length) {
          list = dependants[j] = Arrays.copyOf(list, list.length * 2);
        }
        list[dependantCounts[j]++] = i;
      }
    }
    // Kahn's algorithm; the depth of an item is final when its last dependency is taken.
    long[] depth = new long[n];
    int[] queue = new int[n];
    int head = 0;
    int tail = 0;
    for (int i = 0; i < n; i++) {
      if (pendingDependencies[i] == 0) {
        queue[tail++] = i;
      }
    }
    while (head < tail) {
      int i = queue[head++];
      for (int k = 0; k < dependantCounts[i]; k++) {
        int j = dependants[i][k];
        depth[j] = Math.max(depth[j], depth[i] + 1);
        if (--pendingDependencies[j] == 0) {
          queue[tail++] = j;
        }
      }
    }
    if (tail < n) {
      throw new IllegalArgumentException(
          (n - tail) + " items form a dependency cycle or depend on one; they have no order");
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(
        order,
        (x, y) -> {
          int byDepth = Long.compare(depth[x], depth[y]);
          return byDepth != 0 ? byDepth : ids.get(x).compareTo(ids.get(y));
        });
    List<Ranked<T>> result = new ArrayList<>(n);
    for (int i : order) {
      result.add(new Ranked<>(distinct.get(i), ids.get(i), depth[i]));
    }
    return result;
  }

  /**
   * An item with its place in the order.
   *
   * @param item the item
   * @param id its id
   * @param depth its Lamport time within the set: 0 without dependencies in the set
   */
  public record Ranked<T>(T item, Hash id, long depth) {
    public Ranked {
      Objects.requireNonNull(item, "item");
      Objects.requireNonNull(id, "id");
    }
  }
}
