package org.walkaway.ordering;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.walkaway.core.Hash;
import org.walkaway.core.LogId;

/** Seeded random DAGs of {@link Item}s, and the checks every delivery sequence must pass. */
final class Dags {
  private Dags() {}

  static Hash randomId(SplittableRandom random) {
    byte[] bytes = new byte[Hash.LENGTH];
    random.nextBytes(bytes);
    return Hash.fromBytes(bytes);
  }

  /**
   * {@code size} items in creation order (a topological order): each depends on up to
   * {@code maxDependencies} earlier items, biased towards recent ones, like events that follow the
   * heads a writer saw; sometimes on one of a few ids that never exist, when {@code orphanRate > 0}.
   */
  static List<Item> randomDag(SplittableRandom random, int size, int maxDependencies, LogId topic) {
    List<Item> items = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      int wanted = i == 0 ? 0 : random.nextInt(Math.min(i, maxDependencies) + 1);
      Set<Hash> dependencies = new java.util.LinkedHashSet<>();
      for (int d = 0; d < wanted; d++) {
        int back = 1 + (random.nextBoolean() ? random.nextInt(Math.min(i, 4)) : random.nextInt(i));
        dependencies.add(items.get(i - back).id());
      }
      items.add(new Item(randomId(random), new ArrayList<>(dependencies), topic));
    }
    return items;
  }

  static List<Item> randomDag(SplittableRandom random, int size, int maxDependencies) {
    return randomDag(random, size, maxDependencies, LogId.DEFAULT);
  }

  /** A random arrival order: a shuffle, with some items sent again. */
  static List<Item> arrivals(SplittableRandom random, List<Item> items, double duplicateRate) {
    List<Item> arrivals = new ArrayList<>(items);
    for (Item item : items) {
      if (random.nextDouble() < duplicateRate) {
        arrivals.add(item);
      }
    }
    shuffle(arrivals, random);
    return arrivals;
  }

  static <E> void shuffle(List<E> list, SplittableRandom random) {
    for (int i = list.size() - 1; i > 0; i--) {
      Collections.swap(list, i, random.nextInt(i + 1));
    }
  }

  static Map<Hash, Item> byId(List<Item> items) {
    Map<Hash, Item> map = new LinkedHashMap<>();
    items.forEach(item -> map.put(item.id(), item));
    return map;
  }

  /**
   * The items of {@code present} that can be delivered: those whose every dependency is present and
   * deliverable (dependencies outside {@code all} never are).
   */
  static Set<Hash> deliverable(List<Item> present) {
    Map<Hash, Item> byId = byId(present);
    Map<Hash, Boolean> memo = new HashMap<>();
    Set<Hash> result = new HashSet<>();
    for (Item item : present) {
      if (deliverable(item.id(), byId, memo, new HashSet<>())) {
        result.add(item.id());
      }
    }
    return result;
  }

  private static boolean deliverable(
      Hash id, Map<Hash, Item> byId, Map<Hash, Boolean> memo, Set<Hash> onPath) {
    Boolean known = memo.get(id);
    if (known != null) {
      return known;
    }
    Item item = byId.get(id);
    if (item == null || !onPath.add(id)) {
      return false;
    }
    boolean result = true;
    for (Hash dependency : item.dependencies()) {
      if (!deliverable(dependency, byId, memo, onPath)) {
        result = false;
        break;
      }
    }
    onPath.remove(id);
    memo.put(id, result);
    return result;
  }

  /**
   * Fails (with {@code context}, which carries the seed) unless {@code delivered} has no duplicate
   * and every item in it comes after all of its dependencies.
   */
  static void assertCausal(List<Item> delivered, String context) {
    Set<Hash> seen = new HashSet<>();
    for (int i = 0; i < delivered.size(); i++) {
      Item item = delivered.get(i);
      for (Hash dependency : item.dependencies()) {
        if (!seen.contains(dependency)) {
          throw new AssertionError(
              context + ": " + item + " at position " + i + " was delivered before its dependency "
                  + dependency);
        }
      }
      if (!seen.add(item.id())) {
        throw new AssertionError(context + ": " + item + " was delivered twice (position " + i + ")");
      }
    }
  }
}
