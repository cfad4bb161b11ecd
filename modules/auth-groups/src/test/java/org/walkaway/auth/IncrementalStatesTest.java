package org.walkaway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The resolver builds the state at each operation's causal position from its parent's state; this
 * checks, on the random DAGs of {@link GroupConvergencePropertyTest} (filtering revocations
 * included), that every such state equals a rebuild from scratch, and that the outcome is the one a
 * replica computes.
 */
class IncrementalStatesTest {
  private static final int DAGS = 150;

  @ParameterizedTest(name = "{0}")
  @MethodSource("org.walkaway.auth.GroupConvergencePropertyTest#resolvers")
  void incrementalStatesEqualRebuildsFromScratch(ConflictResolver resolver) {
    int filtered = 0;
    for (int s = 0; s < DAGS; s++) {
      long seed = 0x1AC0_0000L + s;
      List<GroupOperation> ops = GroupConvergencePropertyTest.randomDag(new SplittableRandom(seed));
      GroupResolution checked;
      try {
        checked = GroupResolution.crossChecked(ops, resolver);
      } catch (IllegalStateException e) {
        throw new AssertionError("seed " + seed + ", " + resolver + ": " + e.getMessage(), e);
      }
      Groups replica = GroupDag.replay(resolver, new ArrayList<>(ops));
      assertEquals(replica.state(), checked.state(), "seed " + seed + ", " + resolver);
      for (GroupOperation op : ops) {
        GroupResolution.Status status = checked.outcome(op.id()).orElseThrow().status();
        assertEquals(replica.status(op.id()).name(), status.name(), "seed " + seed + ", " + op);
        if (status == GroupResolution.Status.FILTERED) {
          filtered++;
        }
      }
    }
    assertTrue(filtered > 0, "the DAGs should exercise filtering (which drops the kept states)");
  }
}
