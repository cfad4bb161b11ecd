package org.walkaway.auth;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.walkaway.core.Hash;
import org.walkaway.core.PublicKey;

/**
 * One replica of the group CRDT: the group operations it has, the ones waiting for dependencies,
 * and the membership they resolve to.
 *
 * <pre>
 *   receive(op) ─▶ duplicate? ─▶ DUPLICATE
 *                  dependencies all applied? ── no ─▶ pending (bounded) ─▶ PENDING
 *                  yes ─▶ applied, and every pending op it completes ─▶ APPLIED
 *   state(), access(), accessAt(frontier), checkWrite() ─▶ resolve the applied set (cached)
 * </pre>
 *
 * <p><b>Cost of receiving.</b> Once resolved, a new operation (and each pending one it releases) is
 * added to the resolution in place, in about O(members), when it cannot change any other
 * operation's outcome: in the common case it follows everything applied, or it is concurrent only
 * with operations it does not concern and that do not concern it. A revocation concurrent with an
 * operation of the member it concerns, or a conflict cycle, drops the resolution, and the next query
 * resolves the whole set again (about linear in the number of operations).
 *
 * <p><b>Convergence.</b> The membership is a pure function of the set of applied operations (see
 * {@link ConflictResolver} for the rules and the order in which they are applied), so replicas
 * that have applied the same operations, in whatever order, compute the same {@link GroupState}.
 * Operations stay in the set whether they turn out valid or not: validity is recomputed from the
 * set, and an operation filtered today stays filtered.
 *
 * <p><b>Causal position.</b> An operation is checked against the state resolved from its causal
 * past (the operations it transitively follows), with the concurrency rules of the resolver on top.
 * A data event's causal point is a frontier: the group operations it follows ({@link #checkWrite}).
 *
 * <p>Not thread-safe: one pipeline thread uses it.
 */
public final class Groups {
  /** What {@link #receive} did with an operation. */
  public enum Receipt { APPLIED, PENDING, DUPLICATE, REFUSED_PENDING_FULL }

  /** Where an operation stands. */
  public enum Status { ACCEPTED, FILTERED, INVALID, PENDING, UNKNOWN }

  private final ConflictResolver resolver;
  private final int maxPending;
  private final Map<Hash, GroupOperation> applied = new LinkedHashMap<>();
  private final Map<Hash, GroupOperation> pending = new LinkedHashMap<>();
  private final List<GroupOperation> lastApplied = new ArrayList<>();
  /** The resolution of {@link #applied}, or null until asked; extended in place when possible. */
  private GroupResolution resolution;
  private long fullResolutions;

  public Groups(ConflictResolver resolver, int maxPending) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    if (maxPending < 0) {
      throw new IllegalArgumentException("maxPending must not be negative: " + maxPending);
    }
    this.maxPending = maxPending;
  }

  public static Groups strongRemoval() {
    return new Groups(ConflictResolver.STRONG_REMOVAL, 10_000);
  }

  public ConflictResolver resolver() {
    return resolver;
  }

  /**
   * Takes an operation in. Applied at once if all its dependencies are applied (then also every
   * pending operation it completes), else kept pending (bounded by {@code maxPending}).
   */
  public Receipt receive(GroupOperation op) {
    Objects.requireNonNull(op, "op");
    lastApplied.clear();
    if (applied.containsKey(op.id()) || pending.containsKey(op.id())) {
      return Receipt.DUPLICATE;
    }
    if (!applied.keySet().containsAll(op.previous())) {
      if (pending.size() >= maxPending) {
        return Receipt.REFUSED_PENDING_FULL;
      }
      pending.put(op.id(), op);
      return Receipt.PENDING;
    }
    apply(op);
    boolean progress = true;
    while (progress) {
      progress = false;
      for (GroupOperation waiting : List.copyOf(pending.values())) {
        if (applied.keySet().containsAll(waiting.previous())) {
          pending.remove(waiting.id());
          apply(waiting);
          progress = true;
        }
      }
    }
    return Receipt.APPLIED;
  }

  private void apply(GroupOperation op) {
    applied.put(op.id(), op);
    lastApplied.add(op);
    if (resolution != null && !resolution.extend(op)) {
      resolution = null; // concurrent with something: resolved again from the whole set when asked
    }
  }

  /** The operations the last {@link #receive} applied, in the order it applied them. */
  public List<GroupOperation> lastApplied() {
    return List.copyOf(lastApplied);
  }

  /** True if {@code id} is an applied operation. */
  public boolean knows(Hash id) {
    return applied.containsKey(id);
  }

  public boolean isPending(Hash id) {
    return pending.containsKey(id);
  }

  public int pendingCount() {
    return pending.size();
  }

  public Set<Hash> appliedIds() {
    return Set.copyOf(applied.keySet());
  }

  /** The membership resolved from every applied operation. */
  public GroupState state() {
    return resolved().state();
  }

  public Status status(Hash id) {
    if (pending.containsKey(id)) {
      return Status.PENDING;
    }
    return resolved().outcome(id).map(o -> Status.valueOf(o.status().name())).orElse(Status.UNKNOWN);
  }

  /** Why an operation is filtered or invalid; empty if accepted, pending or unknown. */
  public Optional<String> reason(Hash id) {
    return resolved().outcome(id).map(GroupResolution.Outcome::reason).filter(r -> !r.isEmpty());
  }

  /** The effective access of {@code key} in {@code group} now. */
  public Optional<Access> access(PublicKey key, Hash group) {
    return state().access(key, group);
  }

  /**
   * The effective access of {@code key} in {@code group} at the causal point {@code frontier} (the
   * state resolved from the accepted operations in the frontier's causal past).
   *
   * @throws IllegalArgumentException if the frontier names an operation that is not applied
   */
  public Optional<Access> accessAt(PublicKey key, Hash group, Collection<Hash> frontier) {
    requireKnown(frontier);
    GroupResolution r = resolved();
    return r.stateAt(r.closure(frontier)).access(key, group);
  }

  /** Whether {@code key} is a member of {@code group} with at least {@code level} now. */
  public boolean hasAccess(PublicKey key, Hash group, Access level) {
    return access(key, group).map(a -> a.atLeast(level)).orElse(false);
  }

  /**
   * Whether {@code key} is a member of {@code group} with at least {@code level} at the causal point
   * {@code frontier}.
   *
   * @throws IllegalArgumentException if the frontier names an operation that is not applied
   */
  public boolean hasAccessAt(PublicKey key, Hash group, Access level, Collection<Hash> frontier) {
    return accessAt(key, group, frontier).map(a -> a.atLeast(level)).orElse(false);
  }

  /**
   * Whether {@code author} may write (needs {@link Access#WRITE}) in {@code group} at the causal
   * point {@code frontier}: they must have the access there, and no accepted revocation outside the
   * frontier's past (a concurrent one, or one that arrived late) may take it away, unless
   * {@code eventPrecedes} says the event happened before that revocation (an application that
   * tracks data events in the group operations' causal past can say so; by default nothing does,
   * which is strong removal: a write that did not see its author's removal is refused).
   */
  public GroupDecision checkWrite(PublicKey author, Hash group, Collection<Hash> frontier, Predicate<Hash> eventPrecedes) {
    Set<Hash> missing = new HashSet<>();
    for (Hash id : frontier) {
      if (!applied.containsKey(id)) {
        missing.add(id);
      }
    }
    if (!missing.isEmpty()) {
      return new GroupDecision.Undecided(missing);
    }
    GroupResolution r = resolved();
    var closure = r.closure(frontier);
    Optional<Access> access = r.stateAt(closure).access(author, group);
    String who = author.toHex().substring(0, 8);
    String where = group.toHex().substring(0, 8);
    if (access.isEmpty() || !access.get().atLeast(Access.WRITE)) {
      return new GroupDecision.Denied("author " + who + " has " + access.map(Enum::name).orElse("no")
          + " access in group " + where + " at the event's causal point; writing needs WRITE");
    }
    for (GroupOperation revocation : r.concurrentRevocations(closure, author, group, Access.WRITE)) {
      if (!eventPrecedes.test(revocation.id())) {
        return new GroupDecision.Denied("author " + who + " lost WRITE in group " + where + " by " + revocation
            + ", which the event does not causally follow (strong removal)");
      }
    }
    return new GroupDecision.Allowed(access.get());
  }

  public GroupDecision checkWrite(PublicKey author, Hash group, Collection<Hash> frontier) {
    return checkWrite(author, group, frontier, id -> false);
  }

  private void requireKnown(Collection<Hash> frontier) {
    for (Hash id : frontier) {
      if (!applied.containsKey(id)) {
        throw new IllegalArgumentException("frontier names an operation that is not applied: " + id);
      }
    }
  }

  private GroupResolution resolved() {
    if (resolution == null) {
      resolution = GroupResolution.of(applied.values(), resolver);
      fullResolutions++;
    }
    return resolution;
  }

  /** How many times the whole set was resolved (tests: the incremental path is taken when it should be). */
  long fullResolutions() {
    return fullResolutions;
  }

  @Override
  public String toString() {
    return "Groups[" + applied.size() + " applied, " + pending.size() + " pending, " + resolver + "]";
  }
}
