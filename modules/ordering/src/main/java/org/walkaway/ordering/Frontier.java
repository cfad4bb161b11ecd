package org.walkaway.ordering;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.walkaway.core.Hash;

/**
 * A causal state named by hashes: the <em>heads</em> of what a peer has seen, the items nothing else
 * it has seen depends on. A frontier stands for its heads and all their ancestors; it is what a peer
 * puts in an event's {@code previous} and what two peers compare to find what the other misses.
 *
 * <p>Unlike a {@link VectorClock}, comparing two frontiers needs to know which hash is an ancestor of
 * which: an {@link Ancestry}. {@link #merge} keeps only the heads of the union (commutative,
 * associative, idempotent); a peer that delivers in causal order keeps its frontier with
 * {@link #after}.
 *
 * @param heads the head ids, ascending
 */
public record Frontier(SortedSet<Hash> heads) {
  private static final Frontier EMPTY = new Frontier(new TreeSet<>());

  public Frontier {
    Objects.requireNonNull(heads, "heads");
    heads = Collections.unmodifiableSortedSet(new TreeSet<>(heads));
  }

  public static Frontier empty() {
    return EMPTY;
  }

  /** The frontier with these heads (use {@link #normalized} if some may be ancestors of others). */
  public static Frontier of(Collection<Hash> heads) {
    return new Frontier(new TreeSet<>(heads));
  }

  /**
   * This frontier after delivering item {@code id}, whose dependencies are {@code dependencies}: they
   * stop being heads, it becomes one. Valid when items are delivered after their dependencies, as
   * the orderers do.
   */
  public Frontier after(Hash id, Collection<Hash> dependencies) {
    TreeSet<Hash> next = new TreeSet<>(heads);
    next.removeAll(dependencies);
    next.add(id);
    return new Frontier(next);
  }

  /** The same causal state with heads that are ancestors of other heads removed. */
  public Frontier normalized(Ancestry ancestry) {
    return new Frontier(headsOf(heads, ancestry));
  }

  /** Everything either frontier stands for, as the heads of the union. */
  public Frontier merge(Frontier other, Ancestry ancestry) {
    TreeSet<Hash> union = new TreeSet<>(heads);
    union.addAll(other.heads);
    return new Frontier(headsOf(union, ancestry));
  }

  /** How the state this frontier stands for relates to {@code other}'s. */
  public CausalRelation compare(Frontier other, Ancestry ancestry) {
    boolean thisWithinOther = within(this, other, ancestry);
    boolean otherWithinThis = within(other, this, ancestry);
    if (thisWithinOther) {
      return otherWithinThis ? CausalRelation.EQUAL : CausalRelation.BEFORE;
    }
    return otherWithinThis ? CausalRelation.AFTER : CausalRelation.CONCURRENT;
  }

  /** True if every head of {@code a} is a head of {@code b} or an ancestor of one. */
  private static boolean within(Frontier a, Frontier b, Ancestry ancestry) {
    for (Hash head : a.heads) {
      if (b.heads.contains(head)) {
        continue;
      }
      boolean covered = false;
      for (Hash other : b.heads) {
        if (ancestry.isAncestor(head, other)) {
          covered = true;
          break;
        }
      }
      if (!covered) {
        return false;
      }
    }
    return true;
  }

  private static TreeSet<Hash> headsOf(SortedSet<Hash> candidates, Ancestry ancestry) {
    TreeSet<Hash> result = new TreeSet<>();
    for (Hash candidate : candidates) {
      boolean dominated = false;
      for (Hash other : candidates) {
        if (!other.equals(candidate) && ancestry.isAncestor(candidate, other)) {
          dominated = true;
          break;
        }
      }
      if (!dominated) {
        result.add(candidate);
      }
    }
    return result;
  }

  /** Which ids are (strict) ancestors of which. */
  @FunctionalInterface
  public interface Ancestry {

    /** True if {@code descendant} depends, directly or through others, on {@code ancestor}. */
    boolean isAncestor(Hash ancestor, Hash descendant);

    /**
     * The ancestry among {@code items} by id, walking dependencies (ids outside the map end a walk).
     * Each question costs up to the number of ancestors of {@code descendant}.
     */
    static <T> Ancestry of(Map<Hash, ? extends T> items, DependencyView<? super T> view) {
      Objects.requireNonNull(items, "items");
      Objects.requireNonNull(view, "view");
      return (ancestor, descendant) -> {
        T start = items.get(descendant);
        if (start == null) {
          return false;
        }
        Set<Hash> visited = new HashSet<>();
        List<Hash> stack = new ArrayList<>(view.dependencies(start));
        while (!stack.isEmpty()) {
          Hash id = stack.remove(stack.size() - 1);
          if (id.equals(ancestor)) {
            return true;
          }
          if (visited.add(id)) {
            T item = items.get(id);
            if (item != null) {
              stack.addAll(view.dependencies(item));
            }
          }
        }
        return false;
      };
    }
  }
}
