package org.walkaway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.walkaway.core.PublicKey;

/**
 * Item 14 as a property: for random operation DAGs (concurrent removals, demotions, re-adds,
 * nested groups, invalid operations) and many arrival orders (random topological orders, and
 * random orders that the pending buffer has to sort out), every replica computes the same
 * membership and the same status for every operation, under both resolvers.
 */
class GroupConvergencePropertyTest {
  private static final List<PublicKey> KEYS = List.of(GroupDag.A, GroupDag.B, GroupDag.C, GroupDag.D, GroupDag.E, GroupDag.M);
  private static final int DAGS = 150;
  private static final int ORDERS = 12;

  static Stream<Arguments> seeds() {
    return LongStream.range(0, DAGS).boxed().flatMap(s -> Stream.of(
        Arguments.of(0xC0FFEE00L + s, ConflictResolver.STRONG_REMOVAL),
        Arguments.of(0xC0FFEE00L + s, ConflictResolver.SENIORITY)));
  }

  @ParameterizedTest(name = "seed {0}, {1}")
  @MethodSource("seeds")
  void everyArrivalOrderConverges(long seed, ConflictResolver resolver) {
    SplittableRandom random = new SplittableRandom(seed);
    List<GroupOperation> ops = randomDag(random);
    Groups reference = GroupDag.replay(resolver, ops);
    assertEquals(0, reference.pendingCount(), "seed " + seed);
    for (int k = 0; k < ORDERS; k++) {
      List<GroupOperation> order = k % 2 == 0 ? randomTopologicalOrder(ops, random) : shuffled(ops, random);
      Groups replica = GroupDag.replay(resolver, order);
      assertEquals(reference.state(), replica.state(), "seed " + seed + ", order " + k + ", " + resolver);
      for (GroupOperation op : ops) {
        assertEquals(reference.status(op.id()), replica.status(op.id()), "seed " + seed + ", order " + k + ", " + op);
      }
      // Idempotent: receiving everything again changes nothing.
      order.forEach(replica::receive);
      assertEquals(reference.state(), replica.state(), "seed " + seed + " (redelivery)");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("resolvers")
  void theGeneratorExercisesEveryOutcome(ConflictResolver resolver) {
    Map<Groups.Status, Integer> counts = new TreeMap<>();
    for (long s = 0; s < DAGS; s++) {
      List<GroupOperation> ops = randomDag(new SplittableRandom(0xC0FFEE00L + s));
      Groups groups = GroupDag.replay(resolver, ops);
      ops.forEach(op -> counts.merge(groups.status(op.id()), 1, Integer::sum));
    }
    System.out.println("outcomes over " + DAGS + " random DAGs, " + resolver + ": " + counts);
    for (Groups.Status status : List.of(Groups.Status.ACCEPTED, Groups.Status.FILTERED, Groups.Status.INVALID)) {
      org.junit.jupiter.api.Assertions.assertTrue(counts.getOrDefault(status, 0) >= DAGS / 10, status + ": " + counts);
    }
  }

  static Stream<ConflictResolver> resolvers() {
    return Stream.of(ConflictResolver.STRONG_REMOVAL, ConflictResolver.SENIORITY);
  }

  /** A founder, three managers and a writer in a main group, a person group, then random operations. */
  static List<GroupOperation> randomDag(SplittableRandom random) {
    return randomDag(random, false);
  }

  /**
   * With {@code merging}, half the operations cite every current head, so they causally follow
   * everything before them (the case {@link Groups} resolves incrementally).
   */
  static List<GroupOperation> randomDag(SplittableRandom random, boolean merging) {
    GroupDag dag = new GroupDag();
    TreeMap<Member, Access> founding = new TreeMap<>();
    founding.put(Member.key(GroupDag.B), Access.MANAGE);
    founding.put(Member.key(GroupDag.C), Access.MANAGE);
    founding.put(Member.key(GroupDag.D), Access.WRITE);
    GroupOperation main = dag.create(GroupDag.A, founding);
    GroupOperation person = dag.create(GroupDag.E, Map.of(Member.key(GroupDag.M), Access.MANAGE));
    int count = 6 + random.nextInt(14);
    for (int i = 0; i < count; i++) {
      List<GroupOperation> deps = new ArrayList<>();
      int n = 1 + random.nextInt(Math.min(3, dag.ops.size()));
      for (int d = 0; d < n; d++) {
        // Prefer recent operations, so the DAG has both chains and concurrency.
        int size = dag.ops.size();
        deps.add(dag.ops.get(Math.max(0, size - 1 - random.nextInt(Math.min(size, 5)))));
      }
      if (merging && random.nextBoolean()) {
        deps.clear();
        Set<Object> cited = new HashSet<>();
        dag.ops.forEach(op -> cited.addAll(op.previous()));
        dag.ops.stream().filter(op -> !cited.contains(op.id())).forEach(deps::add);
      }
      GroupOperation group = random.nextInt(5) == 0 ? person : main;
      // Mostly managers act (so many operations are valid), sometimes anyone.
      PublicKey author = random.nextInt(4) == 0 ? KEYS.get(random.nextInt(KEYS.size()))
          : group == main ? KEYS.get(random.nextInt(3)) : KEYS.get(4 + random.nextInt(2));
      Member target = random.nextInt(6) == 0 && group == main
          ? GroupDag.group(person)
          : Member.key(KEYS.get(random.nextInt(KEYS.size())));
      Access level = Access.values()[random.nextInt(Access.values().length)];
      if (random.nextInt(3) == 0 && !deps.contains(group)) {
        deps.add(group); // otherwise the group may not be in the causal past: such operations are invalid
      }
      GroupOperation[] after = deps.stream().distinct().toArray(GroupOperation[]::new);
      switch (random.nextInt(5)) {
        case 0, 1 -> dag.add(author, group, target, level, after);
        case 2 -> dag.remove(author, group, target, after);
        case 3 -> dag.promote(author, group, target, level, after);
        default -> dag.demote(author, group, target, level, after);
      }
    }
    // Synthetic ids can coincide when two operations are identical: keep one of each.
    Set<Object> seen = new HashSet<>();
    return dag.ops.stream().filter(op -> seen.add(op.id())).toList();
  }

  private static List<GroupOperation> shuffled(List<GroupOperation> ops, SplittableRandom random) {
    List<GroupOperation> order = new ArrayList<>(ops);
    Collections.shuffle(order, new Random(random.nextLong()));
    return order;
  }

  static List<GroupOperation> randomTopologicalOrder(List<GroupOperation> ops, SplittableRandom random) {
    List<GroupOperation> remaining = new ArrayList<>(ops);
    Set<Object> done = new HashSet<>();
    List<GroupOperation> order = new ArrayList<>();
    while (!remaining.isEmpty()) {
      List<GroupOperation> ready = remaining.stream().filter(op -> done.containsAll(op.previous())).toList();
      GroupOperation next = ready.get(random.nextInt(ready.size()));
      remaining.remove(next);
      done.add(next.id());
      order.add(next);
    }
    return order;
  }
}
