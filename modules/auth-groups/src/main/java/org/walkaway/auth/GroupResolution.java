package org.walkaway.auth;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.walkaway.core.Hash;
import org.walkaway.core.PublicKey;

/**
 * Resolves a causally closed set of group operations into accepted operations and a state. A pure
 * function of the set: the arrival order plays no part, so replicas with the same set agree.
 *
 * <pre>
 *   ops ──▶ order by (causal depth, id) ──▶ raw pass ──▶ conflict graph, seniority
 *                                              │
 *                                              ▼
 *        main pass, in order: authorized at causal position?  ── no ──▶ INVALID
 *                             dropped by the resolver (cycle)? ── yes ─▶ FILTERED
 *                             revoked by an accepted concurrent revocation? ── yes ─▶ FILTERED
 *                             else ACCEPTED; if it revokes: filter the accepted concurrent
 *                             operations it revokes, then re-check every accepted one (cascade)
 * </pre>
 *
 * The raw pass checks authority at each causal position without any concurrency rule; it gives
 * the conflict graph (who revokes or contests whom) and seniority (the first add). Filtering is
 * final: an operation once filtered stays filtered even if the revocation that filtered it later
 * loses its own authority in the cascade. Cost: the state at each operation's causal position is
 * built from its parent's ({@link IncrementalStates}), about O(members + concurrent operations) per
 * operation; a filtering revocation makes the next states rebuild from scratch (O(n)); checking
 * whether an add is contested scans the other operations (O(n) per add, cheap tests first). The
 * whole set is still resolved again after every new operation ({@link Groups} caches it until then).
 */
final class GroupResolution {
  enum Status { ACCEPTED, FILTERED, INVALID }

  record Outcome(Status status, String reason) {}

  private final List<GroupOperation> order;
  private final Map<Hash, Integer> index = new HashMap<>();
  private final BitSet[] past;
  /** The dependency with the largest past, whose state an operation's state extends (-1: none). */
  private final int[] parent;
  /** The last operation, in order, whose state extends this one's (-1: none). */
  private final int[] lastChild;
  /** The operations that remove or demote: the only ones that can filter others. */
  private final BitSet revoking = new BitSet();
  private final ConflictResolver resolver;
  /** Tests only: compare every incrementally built state with a rebuild from scratch. */
  private final boolean crossCheck;
  private final Outcome[] outcomes;
  private final BitSet accepted = new BitSet();
  private final Map<Member, Set<Member>> conflictGraph = new HashMap<>();
  private final Map<Hash, Map<Member, Long>> firstAdd = new HashMap<>();
  private final GroupState state;

  private GroupResolution(Collection<GroupOperation> operations, ConflictResolver resolver, boolean crossCheck) {
    this.resolver = resolver;
    this.crossCheck = crossCheck;
    this.order = topologicalOrder(operations);
    for (int i = 0; i < order.size(); i++) {
      index.put(order.get(i).id(), i);
    }
    past = new BitSet[order.size()];
    for (int i = 0; i < order.size(); i++) {
      BitSet p = new BitSet();
      for (Hash dep : order.get(i).previous()) {
        int j = index.get(dep);
        p.or(past[j]);
        p.set(j);
      }
      past[i] = p;
    }
    parent = new int[order.size()];
    lastChild = new int[order.size()];
    Arrays.fill(lastChild, -1);
    int[] pastSize = new int[order.size()];
    for (int i = 0; i < order.size(); i++) {
      pastSize[i] = past[i].cardinality();
      int best = -1;
      for (Hash dep : order.get(i).previous()) {
        int j = index.get(dep);
        if (best < 0 || pastSize[j] > pastSize[best] || (pastSize[j] == pastSize[best] && j < best)) {
          best = j;
        }
      }
      parent[i] = best;
      if (best >= 0) {
        lastChild[best] = i;
      }
    }
    for (int i = 0; i < order.size(); i++) {
      if (order.get(i).action().revokes()) {
        revoking.set(i);
      }
    }
    outcomes = new Outcome[order.size()];
    rawPass();
    mainPass();
    state = stateOf(accepted);
  }

  /** Resolves {@code operations}, which must be causally closed (every dependency among them). */
  static GroupResolution of(Collection<GroupOperation> operations, ConflictResolver resolver) {
    return new GroupResolution(operations, resolver, false);
  }

  /**
   * Like {@link #of}, but checks every state built incrementally against a rebuild from scratch
   * (quadratic: for tests).
   *
   * @throws IllegalStateException if they differ (a bug)
   */
  static GroupResolution crossChecked(Collection<GroupOperation> operations, ConflictResolver resolver) {
    return new GroupResolution(operations, resolver, true);
  }

  GroupState state() {
    return state;
  }

  Optional<Outcome> outcome(Hash id) {
    Integer i = index.get(id);
    return i == null ? Optional.empty() : Optional.of(outcomes[i]);
  }

  boolean knows(Hash id) {
    return index.containsKey(id);
  }

  /** The causal past of a frontier, the frontier included; every id must be known. */
  BitSet closure(Collection<Hash> frontier) {
    BitSet closure = new BitSet();
    for (Hash id : frontier) {
      int i = index.get(id);
      closure.or(past[i]);
      closure.set(i);
    }
    return closure;
  }

  /** The state seen by an event whose causal past holds {@code closure}. */
  GroupState stateAt(BitSet closure) {
    BitSet set = (BitSet) closure.clone();
    set.and(accepted);
    return stateOf(set);
  }

  /** The accepted revocations outside {@code closure} (concurrent with a point whose past it is) that take {@code needed} from {@code key} in {@code group}. */
  List<GroupOperation> concurrentRevocations(BitSet closure, PublicKey key, Hash group, Access needed) {
    GroupState at = stateAt(closure);
    List<GroupOperation> found = new ArrayList<>();
    for (int j = accepted.nextSetBit(0); j >= 0; j = accepted.nextSetBit(j + 1)) {
      GroupOperation r = order.get(j);
      if (!closure.get(j) && r.action().revokes() && mayConcern(r, key) && takesAway(r, key, group, needed, at)) {
        found.add(r);
      }
    }
    return found;
  }

  // ---- ordering ------------------------------------------------------------------------------

  private static List<GroupOperation> topologicalOrder(Collection<GroupOperation> operations) {
    Map<Hash, GroupOperation> byId = new HashMap<>();
    operations.forEach(op -> byId.put(op.id(), op));
    Map<Hash, Integer> depth = new HashMap<>();
    for (GroupOperation start : byId.values()) {
      ArrayDeque<GroupOperation> stack = new ArrayDeque<>();
      stack.push(start);
      while (!stack.isEmpty()) {
        GroupOperation op = stack.peek();
        if (depth.containsKey(op.id())) {
          stack.pop();
          continue;
        }
        int d = 0;
        boolean ready = true;
        for (Hash dep : op.previous()) {
          GroupOperation parent = byId.get(dep);
          if (parent == null) {
            throw new IllegalArgumentException("not causally closed: " + op + " needs " + dep);
          }
          Integer pd = depth.get(dep);
          if (pd == null) {
            ready = false;
            stack.push(parent);
          } else {
            d = Math.max(d, pd + 1);
          }
        }
        if (ready) {
          depth.put(op.id(), d);
          stack.pop();
        } else if (stack.size() > byId.size() + 1) {
          throw new IllegalArgumentException("operations form a dependency cycle");
        }
      }
    }
    List<GroupOperation> sorted = new ArrayList<>(byId.values());
    sorted.sort(Comparator.<GroupOperation>comparingInt(op -> depth.get(op.id())).thenComparing(GroupOperation::id));
    return sorted;
  }

  // ---- state ---------------------------------------------------------------------------------

  private record Touch(int index, Access access) {} // access null: removed

  /**
   * Membership from a set of operations: for each (group, member), the operations touching it that
   * no other of them follows decide; a remove among them wins (remove-wins), otherwise the lowest
   * access among them (concurrent promote and demote: the demote wins).
   */
  private GroupState stateOf(BitSet set) {
    TreeMap<Hash, Map<Member, List<Touch>>> touches = new TreeMap<>();
    for (int i = set.nextSetBit(0); i >= 0; i = set.nextSetBit(i + 1)) {
      addTouches(touches, i);
    }
    return stateOf(touches, set);
  }

  /** Records the touches of operation {@code i}; operations must come in a causal order. */
  private void addTouches(TreeMap<Hash, Map<Member, List<Touch>>> touches, int i) {
    {
      GroupOperation op = order.get(i);
      switch (op.action()) {
        case GroupAction.Create c -> {
          for (var e : c.members().entrySet()) {
            if (!e.getKey().equals(new Member.Key(op.author()))) {
              touch(touches, op.id(), e.getKey(), new Touch(i, e.getValue()));
            }
          }
          touch(touches, op.id(), new Member.Key(op.author()), new Touch(i, Access.MANAGE));
        }
        case GroupAction.Add a -> touch(touches, a.group(), a.member(), new Touch(i, a.access()));
        case GroupAction.Remove r -> touch(touches, r.group(), r.member(), new Touch(i, null));
        case GroupAction.Promote p -> touch(touches, p.group(), p.member(), new Touch(i, p.access()));
        case GroupAction.Demote d -> touch(touches, d.group(), d.member(), new Touch(i, d.access()));
      }
    }
  }

  /** The membership the maximal touches of the operations in {@code set} decide. */
  private GroupState stateOf(TreeMap<Hash, Map<Member, List<Touch>>> touches, BitSet set) {
    TreeMap<Hash, java.util.SortedMap<Member, Access>> groups = new TreeMap<>();
    touches.forEach((group, members) -> {
      if (!set.get(index.get(group))) {
        return; // touches of a group whose creation is not in the set are ignored
      }
      TreeMap<Member, Access> resolved = new TreeMap<>();
      members.forEach((member, maximal) -> {
        Access level = null;
        boolean removed = false;
        for (Touch t : maximal) {
          if (t.access() == null) {
            removed = true;
          } else {
            level = level == null ? t.access() : Access.min(level, t.access());
          }
        }
        if (!removed && level != null) {
          resolved.put(member, level);
        }
      });
      groups.put(group, resolved);
    });
    return new GroupState(groups);
  }

  /**
   * Records that an operation touches (group, member), keeping only the touches no later one
   * follows. Operations come in a causal order (no operation before one in its past), so a touch can
   * only be superseded by a later one; the maximal touches are then the same in any causal order.
   */
  private void touch(Map<Hash, Map<Member, List<Touch>>> touches, Hash group, Member member, Touch touch) {
    List<Touch> maximal = touches.computeIfAbsent(group, k -> new HashMap<>()).computeIfAbsent(member, k -> new ArrayList<>());
    maximal.removeIf(t -> past[touch.index()].get(t.index()));
    maximal.add(touch);
  }

  // ---- authority -----------------------------------------------------------------------------

  /** Null if {@code op} is allowed in {@code st} (the state at its causal position), else why not. */
  private static String refusal(GroupOperation op, GroupState st) {
    if (op.action() instanceof GroupAction.Create c) {
      for (Member m : c.members().keySet()) {
        if (m instanceof Member.Group g && !st.exists(g.id())) {
          return "founding member " + m + " is a group not created in the operation's causal past";
        }
      }
      return null;
    }
    Hash group = op.group();
    if (!st.exists(group)) {
      return "group " + group.toHex().substring(0, 8) + " is not created in the operation's causal past";
    }
    Optional<Access> authorAccess = st.access(op.author(), group);
    if (authorAccess.isEmpty() || !authorAccess.get().atLeast(Access.MANAGE)) {
      return "author " + op.author().toHex().substring(0, 8) + " has " + authorAccess.map(Enum::name).orElse("no")
          + " access in the group at the operation's causal position; changing members needs MANAGE";
    }
    return switch (op.action()) {
      case GroupAction.Add a -> {
        if (st.directAccess(a.member(), group).isPresent()) {
          yield a.member() + " is already a member (promote or demote it instead)";
        }
        if (a.member() instanceof Member.Group inner) {
          if (!st.exists(inner.id())) {
            yield "group " + a.member() + " is not created in the operation's causal past";
          }
          if (st.reaches(inner.id(), group)) {
            yield "adding " + a.member() + " would make a cycle of nested groups";
          }
        }
        yield null;
      }
      case GroupAction.Remove r -> st.directAccess(r.member(), group).isPresent() ? null : r.member() + " is not a member";
      case GroupAction.Promote p -> st.directAccess(p.member(), group).map(cur -> cur.compareTo(p.access()) < 0).orElse(false)
          ? null : "promote needs a member whose access is below " + p.access();
      case GroupAction.Demote d -> st.directAccess(d.member(), group).map(cur -> cur.compareTo(d.access()) > 0).orElse(false)
          ? null : "demote needs a member whose access is above " + d.access();
      case GroupAction.Create c -> throw new AssertionError();
    };
  }

  private static boolean takesAway(GroupOperation revocation, PublicKey key, Hash group, Access needed, GroupState st) {
    boolean before = st.access(key, group).map(a -> a.atLeast(needed)).orElse(false);
    return before && !st.with(revocation.action()).access(key, group).map(a -> a.atLeast(needed)).orElse(false);
  }

  private static boolean takesAway(GroupOperation revocation, GroupOperation op, GroupState st) {
    return !(op.action() instanceof GroupAction.Create) && mayConcern(revocation, op.author())
        && takesAway(revocation, op.author(), op.group(), Access.MANAGE, st);
  }

  /** A cheap test first: a revocation of another key cannot concern {@code key} (one of a group can). */
  private static boolean mayConcern(GroupOperation revocation, PublicKey key) {
    return !(target(revocation) instanceof Member.Key k) || k.key().equals(key);
  }

  private static Member target(GroupOperation op) {
    return switch (op.action()) {
      case GroupAction.Add a -> a.member();
      case GroupAction.Remove r -> r.member();
      case GroupAction.Promote p -> p.member();
      case GroupAction.Demote d -> d.member();
      case GroupAction.Create c -> new Member.Group(op.id());
    };
  }

  // ---- states at causal positions, incrementally ------------------------------------------------

  /**
   * The states at the operations' causal positions ({@code past[i] ∩ set}) for one pass, each built
   * from its parent's (the dependency with the largest past): a copy of the parent's maximal
   * touches plus the touches of the operations in {@code past[i]} outside the parent's past, in
   * order. Nothing in the parent's past follows those operations, so that is a causal order and the
   * maximal touches are those a rebuild from scratch finds; the copy costs O(members), not
   * O(operations), which turns a pass from quadratic into about linear. A parent's touches are kept
   * until its last child is done. {@code set} may lose members only through {@link #invalidate}
   * (filtering), which drops every kept state: the next ones are rebuilt from scratch.
   */
  private final class IncrementalStates {
    private final BitSet set;
    private final Map<Integer, TreeMap<Hash, Map<Member, List<Touch>>>> kept = new HashMap<>();

    IncrementalStates(BitSet set) {
      this.set = set;
    }

    void invalidate() {
      kept.clear();
    }

    GroupState at(int i) {
      BitSet effective = (BitSet) past[i].clone();
      effective.and(set);
      int p = parent[i];
      TreeMap<Hash, Map<Member, List<Touch>>> base = p < 0 ? null : kept.get(p);
      TreeMap<Hash, Map<Member, List<Touch>>> touches = new TreeMap<>();
      BitSet toAdd = effective;
      if (base != null) {
        base.forEach((group, members) -> {
          Map<Member, List<Touch>> copy = new HashMap<>();
          members.forEach((member, maximal) -> copy.put(member, new ArrayList<>(maximal)));
          touches.put(group, copy);
        });
        toAdd = (BitSet) effective.clone();
        toAdd.andNot(past[p]);
      }
      for (int k = toAdd.nextSetBit(0); k >= 0; k = toAdd.nextSetBit(k + 1)) {
        addTouches(touches, k);
      }
      if (p >= 0 && lastChild[p] == i) {
        kept.remove(p);
      }
      if (lastChild[i] >= 0) {
        kept.put(i, touches);
      }
      GroupState state = stateOf(touches, effective);
      if (crossCheck && !state.equals(stateOf(effective))) {
        throw new IllegalStateException("the state built incrementally at " + order.get(i) + " differs from a rebuild");
      }
      return state;
    }
  }

  // ---- raw pass: conflict graph and seniority --------------------------------------------------

  private void rawPass() {
    BitSet raw = new BitSet();
    GroupState[] rawStates = new GroupState[order.size()];
    IncrementalStates states = new IncrementalStates(raw); // raw only grows, at indices not yet seen
    for (int i = 0; i < order.size(); i++) {
      rawStates[i] = states.at(i);
      if (refusal(order.get(i), rawStates[i]) == null) {
        raw.set(i);
      }
    }
    for (int i = raw.nextSetBit(0); i >= 0; i = raw.nextSetBit(i + 1)) {
      GroupOperation op = order.get(i);
      switch (op.action()) {
        case GroupAction.Create c -> {
          Map<Member, Long> ranks = firstAdd.computeIfAbsent(op.id(), k -> new HashMap<>());
          ranks.put(new Member.Key(op.author()), (long) i << 16);
          int position = 1;
          for (Member m : c.members().keySet()) {
            ranks.putIfAbsent(m, ((long) i << 16) | position++);
            edge(new Member.Group(op.id()), m);
          }
          edge(new Member.Group(op.id()), new Member.Key(op.author()));
        }
        case GroupAction.Add a -> {
          firstAdd.computeIfAbsent(a.group(), k -> new HashMap<>()).putIfAbsent(a.member(), (long) i << 16);
          edge(new Member.Group(a.group()), a.member());
          if (contested(i, raw, rawStates)) {
            edge(new Member.Key(op.author()), a.member());
          }
        }
        case GroupAction.Promote p -> {
          if (contested(i, raw, rawStates)) {
            edge(new Member.Key(op.author()), p.member());
          }
        }
        case GroupAction.Remove r -> edge(new Member.Key(op.author()), r.member());
        case GroupAction.Demote d -> edge(new Member.Key(op.author()), d.member());
      }
    }
  }

  private boolean contested(int i, BitSet raw, GroupState[] rawStates) {
    BitSet candidates = revokingOutside(raw, i);
    for (int j = candidates.nextSetBit(0); j >= 0; j = candidates.nextSetBit(j + 1)) {
      if (concurrent(i, j)
          && takesAway(order.get(j), order.get(i), rawStates[i])) {
        return true;
      }
    }
    return false;
  }

  /**
   * The revoking operations of {@code set} outside {@code i}'s past and other than {@code i}: a
   * superset of those concurrent with it, found with word operations instead of a scan of every
   * operation.
   */
  private BitSet revokingOutside(BitSet set, int i) {
    BitSet candidates = (BitSet) set.clone();
    candidates.and(revoking);
    candidates.andNot(past[i]);
    candidates.clear(i);
    return candidates;
  }

  private void edge(Member from, Member to) {
    conflictGraph.computeIfAbsent(from, k -> new HashSet<>()).add(to);
  }

  private boolean reaches(Member from, Member to) {
    ArrayDeque<Member> todo = new ArrayDeque<>(List.of(from));
    Set<Member> seen = new HashSet<>();
    while (!todo.isEmpty()) {
      Member m = todo.poll();
      if (m.equals(to)) {
        return true;
      }
      if (seen.add(m)) {
        todo.addAll(conflictGraph.getOrDefault(m, Set.of()));
      }
    }
    return false;
  }

  /** Lower is more senior: the first add of the key, or of a group that holds it, in {@code group}. */
  private long seniority(Hash group, Member member) {
    long best = Long.MAX_VALUE;
    for (var e : firstAdd.getOrDefault(group, Map.of()).entrySet()) {
      if (e.getKey().equals(member) || (e.getKey() instanceof Member.Group && reachesByContainment(e.getKey(), member))) {
        best = Math.min(best, e.getValue());
      }
    }
    return best;
  }

  private boolean reachesByContainment(Member from, Member to) {
    ArrayDeque<Member> todo = new ArrayDeque<>(List.of(from));
    Set<Member> seen = new HashSet<>();
    while (!todo.isEmpty()) {
      Member m = todo.poll();
      if (m.equals(to)) {
        return true;
      }
      if (m instanceof Member.Group g && seen.add(m)) {
        todo.addAll(firstAdd.getOrDefault(g.id(), Map.of()).keySet());
      }
    }
    return false;
  }

  private boolean concurrent(int i, int j) {
    return i != j && !past[i].get(j) && !past[j].get(i);
  }

  private ConflictResolver.Conflict conflict(GroupOperation revocation, GroupOperation other) {
    Hash group = revocation.group();
    Member revoker = new Member.Key(revocation.author());
    boolean cyclic = reaches(target(other), revoker);
    return new ConflictResolver.Conflict(revocation, other, cyclic,
        seniority(group, revoker), seniority(group, new Member.Key(other.author())));
  }

  // ---- main pass -----------------------------------------------------------------------------

  private void mainPass() {
    IncrementalStates states = new IncrementalStates(accepted);
    for (int i = 0; i < order.size(); i++) {
      GroupOperation op = order.get(i);
      GroupState st = states.at(i);
      String refusal = refusal(op, st);
      if (refusal != null) {
        outcomes[i] = new Outcome(Status.INVALID, refusal);
        continue;
      }
      if (op.action().revokes()) {
        Member revoker = new Member.Key(op.author());
        if (reaches(target(op), revoker)) {
          var self = new ConflictResolver.Conflict(op, op, true,
              seniority(op.group(), revoker), seniority(op.group(), target(op)));
          if (resolver.dropsCyclicRevocation(self)) {
            outcomes[i] = new Outcome(Status.FILTERED, "dropped by " + resolver
                + ": revokes a more senior member inside a cycle of concurrent revocations");
            continue;
          }
        }
      }
      String blocked = null;
      BitSet candidates = revokingOutside(accepted, i);
      for (int j = candidates.nextSetBit(0); j >= 0 && j < i; j = candidates.nextSetBit(j + 1)) {
        GroupOperation r = order.get(j);
        if (concurrent(i, j) && takesAway(r, op, st)
            && !resolver.keepsConcurrent(conflict(r, op))) {
          blocked = "concurrent with " + r + ", which takes away its author's authority (" + resolver + ")";
          break;
        }
      }
      if (blocked != null) {
        outcomes[i] = new Outcome(Status.FILTERED, blocked);
        continue;
      }
      accepted.set(i);
      outcomes[i] = new Outcome(Status.ACCEPTED, "");
      if (op.action().revokes()) {
        BitSet filtered = filterEarlier(i);
        if (!filtered.isEmpty()) {
          states.invalidate(); // accepted lost members: the kept states are stale
          cascade(filtered);
        }
      }
    }
  }

  /** Filters the accepted operations before {@code i} that revocation {@code i} revokes; returns them. */
  private BitSet filterEarlier(int i) {
    GroupOperation revocation = order.get(i);
    BitSet filtered = new BitSet();
    BitSet candidates = (BitSet) accepted.clone();
    candidates.andNot(past[i]); // what is in i's past is not concurrent with it
    for (int j = candidates.nextSetBit(0); j >= 0 && j < i; j = candidates.nextSetBit(j + 1)) {
      GroupOperation op = order.get(j);
      if (concurrent(i, j) && !(op.action() instanceof GroupAction.Create) && mayConcern(revocation, op.author())
          && takesAway(revocation, op, stateAt(past[j]))
          && !resolver.keepsConcurrent(conflict(revocation, op))) {
        filtered.set(j);
        outcomes[j] = new Outcome(Status.FILTERED,
            "concurrent with " + revocation + ", which takes away its author's authority (" + resolver + ")");
      }
    }
    accepted.andNot(filtered);
    return filtered;
  }

  /**
   * Re-checks the accepted operations that causally follow a newly filtered one. One pass in order
   * suffices: an operation's authority depends only on operations before it in the order.
   */
  private void cascade(BitSet dirty) {
    for (int k = accepted.nextSetBit(dirty.nextSetBit(0)); k >= 0; k = accepted.nextSetBit(k + 1)) {
      if (!past[k].intersects(dirty)) {
        continue;
      }
      String refusal = refusal(order.get(k), stateAt(past[k]));
      if (refusal != null) {
        accepted.clear(k);
        dirty.set(k);
        outcomes[k] = new Outcome(Status.FILTERED, "an operation it depends on was filtered: " + refusal);
      }
    }
  }
}
