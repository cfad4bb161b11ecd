package org.walkaway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Groups} extends its resolution in place when an operation follows everything applied, and
 * resolves the whole set again otherwise. A replica queried after every single operation (so that
 * the in-place path is taken whenever it applies) must agree, at every step, with a resolution of
 * the same prefix from scratch: state and every operation's status.
 */
class IncrementalReceiveTest {
  private static final int DAGS = 60;

  static Stream<Arguments> seeds() {
    return LongStream.range(0, DAGS).boxed().flatMap(s -> Stream.of(true, false).flatMap(merging -> Stream.of(
        Arguments.of(0x1C4E_0000L + s, ConflictResolver.STRONG_REMOVAL, merging),
        Arguments.of(0x1C4E_0000L + s, ConflictResolver.SENIORITY, merging))));
  }

  @ParameterizedTest(name = "seed {0}, {1}, merging {2}")
  @MethodSource("seeds")
  void queriedAfterEveryOperationEqualsAResolutionFromScratch(long seed, ConflictResolver resolver, boolean merging) {
    SplittableRandom random = new SplittableRandom(seed);
    List<GroupOperation> ops = GroupConvergencePropertyTest.randomDag(random, merging);
    // With merging, the generator's (causal) order; without, a random topological order.
    List<GroupOperation> arrival = merging ? ops : GroupConvergencePropertyTest.randomTopologicalOrder(ops, random);
    Groups replica = new Groups(resolver, 1_000);
    List<GroupOperation> received = new ArrayList<>();
    for (GroupOperation op : arrival) {
      replica.receive(op);
      received.add(op);
      GroupResolution fresh = GroupResolution.of(received, resolver);
      assertEquals(fresh.state(), replica.state(), "seed " + seed + ", " + resolver + ", after " + received.size() + " operations");
      for (GroupOperation o : received) {
        assertEquals(fresh.outcome(o.id()).orElseThrow().status().name(), replica.status(o.id()).name(),
            "seed " + seed + ", " + resolver + ", after " + received.size() + " operations, " + o);
      }
      // What a data event citing the operation just received sees (checkWrite: state, concurrent revocations).
      var closure = fresh.closure(List.of(op.id()));
      for (var key : List.of(GroupDag.A, GroupDag.B, GroupDag.C, GroupDag.D, GroupDag.M)) {
        for (GroupOperation group : List.of(ops.get(0), ops.get(1))) {
          assertEquals(fresh.stateAt(closure).access(key, group.id()), replica.accessAt(key, group.id(), List.of(op.id())),
              "seed " + seed + ", " + resolver + ", access at " + op);
          boolean mayWriteThere = fresh.stateAt(closure).access(key, group.id()).map(a -> a.atLeast(Access.WRITE)).orElse(false);
          boolean expectedDenial = mayWriteThere && !fresh.concurrentRevocations(closure, key, group.id(), Access.WRITE).isEmpty();
          assertEquals(expectedDenial, replica.checkWrite(key, group.id(), List.of(op.id())) instanceof GroupDecision.Denied d
                  && d.reason().contains("does not causally follow"),
              "seed " + seed + ", " + resolver + ", write check at " + op);
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.walkaway.auth.GroupConvergencePropertyTest#resolvers")
  void theInPlacePathIsTakenForOperationsThatFollowEverything(ConflictResolver resolver) {
    long extended = 0;
    long total = 0;
    for (int s = 0; s < 2 * DAGS; s++) {
      List<GroupOperation> ops = GroupConvergencePropertyTest.randomDag(new SplittableRandom(0x1C4E_0000L + s / 2), s % 2 == 0);
      Groups replica = new Groups(resolver, 1_000);
      for (GroupOperation op : ops) {
        long before = replica.fullResolutions();
        replica.receive(op);
        replica.state();
        if (replica.fullResolutions() == before) {
          extended++;
        }
        total++;
      }
    }
    System.out.println("operations added in place, " + resolver + ": " + extended + " of " + total);
    assertTrue(extended > total / 4, extended + " of " + total);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.walkaway.auth.GroupConvergencePropertyTest#resolvers")
  void aLinearHistoryIsResolvedOnce(ConflictResolver resolver) {
    GroupDag dag = new GroupDag();
    GroupOperation g = dag.createWithManagers(GroupDag.A);
    GroupOperation last = g;
    Set<GroupOperation> all = new HashSet<>(List.of(g));
    for (int i = 0; i < 30; i++) {
      Member target = GroupDag.key(i % 2 == 0 ? GroupDag.C : GroupDag.D);
      last = i % 4 < 2 ? dag.add(GroupDag.A, g, target, Access.WRITE, last) : dag.remove(GroupDag.A, g, target, last);
      all.add(last);
    }
    Groups replica = new Groups(resolver, 1_000);
    for (GroupOperation op : dag.ops) {
      replica.receive(op);
      replica.state();
    }
    assertEquals(1, replica.fullResolutions(), "only the first query resolves from scratch");
    assertEquals(GroupResolution.of(all, resolver).state(), replica.state());
  }
}
