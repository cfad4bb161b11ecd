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
 * whether an add is contested scans the other operations (O(n) per add, cheap tests first). A new
 * operation that cannot change any other's outcome is added in place ({@link #extend}); otherwise
 * {@link Groups} resolves the whole set again.
 */
final class GroupResolution {
  enum Status { ACCEPTED, FILTERED, INVALID }

  record Outcome(Status status, String reason) {}

  private final List<GroupOperation> order;
  private final Map<Hash, Integer> index = new HashMap<>();
  private BitSet[] past; // grows in extend()
  /** The dependency with the largest past, whose state an operation's state extends (-1: none). */
  private final int[] parent;
  /** The last operation, in order, whose state extends this one's (-1: none). */
  private final int[] lastChild;
  /** The operations that remove or demote: the only ones that can filter others. */
  private final BitSet revoking = new BitSet();
  private final ConflictResolver resolver;
  /** Tests only: compare every incrementally built state with a rebuild from scratch. */
  private final boolean crossCheck;
  private Outcome[] outcomes; // grows in extend()
  private final BitSet accepted = new BitSet();
  private final Map<Member, Set<Member>> conflictGraph = new HashMap<>();
  private final Map<Hash, Map<Member, Long>> firstAdd = new HashMap<>();
  /** The operations valid in the raw pass (authority at the causal position, no concurrency rule). */
  private final BitSet rawValid = new BitSet();
  /** The raw-pass state at the causal position of each raw-valid revocation (see {@link #honouredOnCycle}). */
  private final Map<Integer, GroupState> rawStateOfRevocation = new HashMap<>();
  /**
   * Whether a decision so far could have depended on seniority (a cyclic conflict was met). Seniority
   * ranks are positions in the order; an operation {@link #extend} appends out of order gets a rank
   * that differs from its position, which is harmless unless seniority decided something.
   */
  private boolean seniorityUsed;
  /** Authors of revoking operations: the only members whose reachability a cyclic check asks about. */
  private final Set<Member> revokers = new HashSet<>();
  /** The maximal touches of all accepted and of all raw-valid operations, kept for {@link #extend}. */
  private final TreeMap<Hash, Map<Member, List<Touch>>> acceptedTouches = new TreeMap<>();
  private final TreeMap<Hash, Map<Member, List<Touch>>> rawTouches = new TreeMap<>();
  private GroupState state;
  /**
   * The maximal touches after each of the last operations {@link #extend} added (their past and
   * themselves), raw and accepted: where the next operations' states start. Bounded: a parent no
   * longer kept means a rebuild from scratch, never a wrong state.
   */
  private final Map<Integer, TreeMap<Hash, Map<Member, List<Touch>>>> rawAfter = recent();
  private final Map<Integer, TreeMap<Hash, Map<Member, List<Touch>>>> acceptedAfter = recent();

  private static <V> Map<Integer, V> recent() {
    return new java.util.LinkedHashMap<>(64, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Integer, V> eldest) {
        return size() > 32;
      }
    };
  }

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
        revokers.add(new Member.Key(order.get(i).author()));
      }
    }
    outcomes = new Outcome[order.size()];
    rawPass();
    mainPass();
    for (int i = rawValid.nextSetBit(0); i >= 0; i = rawValid.nextSetBit(i + 1)) {
      addTouches(rawTouches, i);
    }
    for (int i = accepted.nextSetBit(0); i >= 0; i = accepted.nextSetBit(i + 1)) {
      addTouches(acceptedTouches, i);
    }
    state = stateOf(acceptedTouches, accepted);
  }

  /**
   * Adds {@code op} to this resolution in place, if that gives exactly what resolving the whole set
   * again would, and cheaply; otherwise returns false and changes nothing, and the caller resolves
   * the whole set again. {@code op} is new, so nothing depends on it; what could make it matter to
   * the others is concurrency, and the conditions rule out every way it could:
   *
   * <ul>
   *   <li>no revocation concurrent with it can concern its author (so nothing filters or contests
   *       it), and, if it revokes, it concerns no author of an operation concurrent with it (so it
   *       filters and contests nothing); in the common case it follows everything and there is no
   *       concurrent operation at all;</li>
   *   <li>it closes no conflict cycle, and its conflict-graph edge leads to no author of a
   *       revocation, so no cyclic check made so far changes;</li>
   *   <li>it is appended at the next index even when the (depth, id) order would put it before
   *       others (a branch shallower than the deepest one). The passes never run again on this
   *       object, and nothing above depends on that order except seniority ranks (positions); and
   *       seniority, computed from every add in the set, is consulted only inside cyclic conflicts.
   *       So an add is refused once seniority has decided anything.</li>
   * </ul>
   *
   * Then only its own outcome is new: valid or not at its causal position. Indices stay a causal
   * order (its dependencies come before it), which the state builders need.
   *
   * <p>Cost: the states at its causal position (raw and accepted) extend those kept after its
   * parent, O(members + operations in its past outside the parent's), plus a scan of the operations
   * concurrent with it and a search of the conflict graph.
   *
   * @return whether {@code op} was added
   */
  boolean extend(GroupOperation op) {
    if (index.containsKey(op.id())) {
      throw new IllegalArgumentException("already resolved: " + op);
    }
    int n = order.size();
    BitSet opPast = new BitSet();
    int opParent = -1;
    for (Hash dep : op.previous()) {
      Integer j = index.get(dep);
      if (j == null) {
        throw new IllegalArgumentException("not causally closed: " + op + " needs " + dep);
      }
      opPast.or(past[j]);
      opPast.set(j);
      if (opParent < 0 || past[j].cardinality() > past[opParent].cardinality()) {
        opParent = j;
      }
    }
    boolean creates = op.action() instanceof GroupAction.Create;
    BitSet concurrent = new BitSet();
    concurrent.set(0, n);
    concurrent.andNot(opPast);
    for (int j = concurrent.nextSetBit(0); j >= 0; j = concurrent.nextSetBit(j + 1)) {
      GroupOperation other = order.get(j);
      if (!creates && revoking.get(j) && mayConcern(other, op.author())) {
        return false; // a concurrent revocation may take away its authority
      }
      if (op.action().revokes() && !(other.action() instanceof GroupAction.Create) && mayConcern(op, other.author())) {
        return false; // it may take away the authority of a concurrent operation
      }
    }
    TreeMap<Hash, Map<Member, List<Touch>>> rawAt = touchesAt(rawAfter, rawValid, opPast, opParent);
    BitSet rawEffective = (BitSet) opPast.clone();
    rawEffective.and(rawValid);
    GroupState rawState = stateOf(rawAt, rawEffective);
    boolean valid = refusal(op, rawState) == null;
    List<Member[]> newEdges = new ArrayList<>();
    if (valid) {
      switch (op.action()) {
        case GroupAction.Create c -> { } // a new group's node: nothing leads to it yet
        case GroupAction.Add a -> newEdges.add(new Member[] {new Member.Group(a.group()), a.member()});
        case GroupAction.Promote p -> { } // contested only by a concurrent revocation: none concerns it
        case GroupAction.Remove r -> newEdges.add(new Member[] {new Member.Key(op.author()), r.member()});
        case GroupAction.Demote d -> newEdges.add(new Member[] {new Member.Key(op.author()), d.member()});
      }
      if (op.action() instanceof GroupAction.Add && seniorityUsed) {
        // Seniority has decided something, and an add may change it: its first-add rank (a position,
        // which is not its own if it comes out of order) or, into a nested group, who a group holds.
        return false;
      }
    }
    if (op.action().revokes() && reaches(target(op), new Member.Key(op.author()))) {
      return false; // a revocation on a conflict cycle (valid or not in the raw pass): the cycle rules apply
    }
    for (Member[] e : newEdges) {
      if (!reaches(e[0], e[1]) && reachesAny(e[1], revokers)) {
        return false;
      }
    }
    // Safe: append.
    if (n == past.length) {
      int capacity = Math.max(16, 2 * n);
      past = Arrays.copyOf(past, capacity);
      outcomes = Arrays.copyOf(outcomes, capacity);
    }
    order.add(op);
    index.put(op.id(), n);
    past[n] = opPast;
    if (op.action().revokes()) {
      revoking.set(n);
      revokers.add(new Member.Key(op.author()));
    }
    if (valid) {
      rawValid.set(n);
      if (op.action().revokes()) {
        rawStateOfRevocation.put(n, rawState);
      }
      recordRaw(n, false);
      addTouches(rawTouches, n);
      addTouches(rawAt, n);
    }
    rawAfter.put(n, rawAt);
    TreeMap<Hash, Map<Member, List<Touch>>> acceptedAt = touchesAt(acceptedAfter, accepted, opPast, opParent);
    BitSet effective = (BitSet) opPast.clone();
    effective.and(accepted);
    String refusal = refusal(op, stateOf(acceptedAt, effective));
    if (refusal != null) {
      outcomes[n] = new Outcome(Status.INVALID, refusal);
    } else {
      accepted.set(n);
      outcomes[n] = new Outcome(Status.ACCEPTED, "");
      addTouches(acceptedTouches, n);
      addTouches(acceptedAt, n);
      state = stateOf(acceptedTouches, accepted);
    }
    acceptedAfter.put(n, acceptedAt);
    return true;
  }

  /**
   * The maximal touches of {@code set ∩ past}, the past of a new operation whose parent (the
   * dependency with the largest past) is {@code parent}: a copy of those kept after the parent, plus
   * the operations of the past outside the parent's, in order (a causal order: nothing in the
   * parent's past follows them); from scratch if nothing is kept for the parent.
   */
  private TreeMap<Hash, Map<Member, List<Touch>>> touchesAt(Map<Integer, TreeMap<Hash, Map<Member, List<Touch>>>> after,
      BitSet set, BitSet past, int parent) {
    TreeMap<Hash, Map<Member, List<Touch>>> touches = new TreeMap<>();
    BitSet toAdd = (BitSet) past.clone();
    TreeMap<Hash, Map<Member, List<Touch>>> base = parent < 0 ? null : after.get(parent);
    if (base != null) {
      base.forEach((group, members) -> {
        Map<Member, List<Touch>> copy = new HashMap<>();
        members.forEach((member, maximal) -> copy.put(member, new ArrayList<>(maximal)));
        touches.put(group, copy);
      });
      toAdd.andNot(this.past[parent]);
      toAdd.clear(parent);
    }
    toAdd.and(set);
    for (int k = toAdd.nextSetBit(0); k >= 0; k = toAdd.nextSetBit(k + 1)) {
      addTouches(touches, k);
    }
    return touches;
  }

  /** Whether a member that {@code from} leads to in the conflict graph (itself included) is one of {@code targets}. */
  private boolean reachesAny(Member from, Set<Member> targets) {
    ArrayDeque<Member> todo = new ArrayDeque<>(List.of(from));
    Set<Member> seen = new HashSet<>();
    while (!todo.isEmpty()) {
      Member m = todo.poll();
      if (targets.contains(m)) {
        return true;
      }
      if (seen.add(m)) {
        todo.addAll(conflictGraph.getOrDefault(m, Set.of()));
      }
    }
    return false;
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
    // Kahn's algorithm: an operation's depth is known once all its dependencies' are.
    Map<Hash, List<GroupOperation>> dependents = new HashMap<>();
    Map<Hash, Integer> waitingFor = new HashMap<>();
    ArrayDeque<GroupOperation> ready = new ArrayDeque<>();
    for (GroupOperation op : byId.values()) {
      Set<Hash> deps = new HashSet<>(op.previous());
      for (Hash dep : deps) {
        if (!byId.containsKey(dep)) {
          throw new IllegalArgumentException("not causally closed: " + op + " needs " + dep);
        }
        dependents.computeIfAbsent(dep, k -> new ArrayList<>()).add(op);
      }
      waitingFor.put(op.id(), deps.size());
      if (deps.isEmpty()) {
        ready.add(op);
      }
    }
    Map<Hash, Integer> depth = new HashMap<>();
    while (!ready.isEmpty()) {
      GroupOperation op = ready.poll();
      int d = 0;
      for (Hash dep : op.previous()) {
        d = Math.max(d, depth.get(dep) + 1);
      }
      depth.put(op.id(), d);
      for (GroupOperation next : dependents.getOrDefault(op.id(), List.of())) {
        if (waitingFor.merge(next.id(), -1, Integer::sum) == 0) {
          ready.add(next);
        }
      }
    }
    if (depth.size() != byId.size()) {
      throw new IllegalArgumentException("operations form a dependency cycle");
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
        if (revoking.get(i)) {
          rawStateOfRevocation.put(i, rawStates[i]);
        }
      }
    }
    rawValid.or(raw);
    for (int i = raw.nextSetBit(0); i >= 0; i = raw.nextSetBit(i + 1)) {
      boolean mayBeContested = order.get(i).action() instanceof GroupAction.Add || order.get(i).action() instanceof GroupAction.Promote;
      recordRaw(i, mayBeContested && contested(i, raw, rawStates));
    }
  }

  /** Records raw-valid operation {@code i} in the conflict graph and the first adds. */
  private void recordRaw(int i, boolean contested) {
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
        if (contested) {
          edge(new Member.Key(op.author()), a.member());
        }
      }
      case GroupAction.Promote p -> {
        if (contested) {
          edge(new Member.Key(op.author()), p.member());
        }
      }
      case GroupAction.Remove r -> edge(new Member.Key(op.author()), r.member());
      case GroupAction.Demote d -> edge(new Member.Key(op.author()), d.member());
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
    seniorityUsed |= cyclic; // only a cyclic conflict lets a resolver look at seniority
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
      if (refusal != null && honouredOnCycle(i)) {
        st = rawStateOfRevocation.get(i);
        refusal = null;
      }
      if (refusal != null) {
        outcomes[i] = new Outcome(Status.INVALID, refusal);
        continue;
      }
      if (op.action().revokes()) {
        Member revoker = new Member.Key(op.author());
        if (reaches(target(op), revoker)) {
          seniorityUsed = true;
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

  /**
   * Whether operation {@code i} is a revocation on a conflict cycle that the resolver honours on the
   * authority its author had in the raw pass, although that authority came from an operation the
   * cycle itself filtered: the cycle closed through a delegation ("C adds D, D removes A" while C is
   * being removed). Such a revocation can only take authority away, never grant it.
   */
  private boolean honouredOnCycle(int i) {
    if (!rawValid.get(i) || !revoking.get(i) || !resolver.honoursCycleThroughDelegation()) {
      return false;
    }
    GroupOperation op = order.get(i);
    return reaches(target(op), new Member.Key(op.author()));
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
      if (refusal != null && !honouredOnCycle(k)) {
        accepted.clear(k);
        dirty.set(k);
        outcomes[k] = new Outcome(Status.FILTERED, "an operation it depends on was filtered: " + refusal);
      }
    }
  }
}
