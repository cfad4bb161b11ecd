package org.walkaway.gossip.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Crashes, partitions and churn: the overlay heals and broadcasts reach every live member again. */
class FailureTest {

  @ParameterizedTest(name = "seed {0}, {1} of 200 crash")
  @CsvSource({"1, 0.5", "2, 0.8", "3, 0.5", "4, 0.8"})
  void theNextBroadcastAfterAMassCrashReachesEverySurvivor(long seed, double fraction) {
    Simulation sim = Fixtures.overlay(seed, 200, 60_000);
    for (int i = 0; i < 5; i++) {
      Fixtures.publish(sim, 0);
      sim.runFor(1_000);
    }
    List<Integer> victims = new ArrayList<>();
    for (int node = 1; node < sim.size(); node++) {
      victims.add(node);
    }
    Collections.shuffle(victims, new Random(seed));
    sim.crash(victims.subList(0, (int) (fraction * sim.size())));
    String context = "seed " + seed + ", " + fraction + " crashed";

    BroadcastStats next = Fixtures.publish(sim, 0);
    sim.runFor(60_000);
    assertEquals(1.0, Fixtures.reliability(sim, next), next + ", " + context);

    Overlay overlay = Overlay.of(sim, Fixtures.TOPIC);
    assertTrue(overlay.connected(), overlay + ", " + context);
    Fixtures.assertNoLastingAsymmetry(sim, overlay + ", " + context);
    for (int i = 0; i < 5; i++) {
      BroadcastStats later = Fixtures.publish(sim, randomAlive(sim));
      sim.runFor(3_000);
      assertEquals(1.0, Fixtures.reliability(sim, later), later + ", " + context);
    }
    assertEquals(0, sim.duplicateDeliveries(), context);
  }

  @ParameterizedTest(name = "seed {0}")
  @CsvSource({"3", "4", "5"})
  void aHealedPartitionMergesBackIntoOneOverlay(long seed) {
    Simulation sim = Fixtures.overlay(seed, 100, 60_000);
    sim.partition(node -> node % 2);
    sim.runFor(30_000);
    Overlay split = Overlay.of(sim, Fixtures.TOPIC);
    assertEquals(2, split.components(), split + ", seed " + seed);
    BroadcastStats during = Fixtures.publish(sim, 0);
    sim.runFor(5_000);
    assertEquals(0.5, Fixtures.reliability(sim, during), during + ", seed " + seed);

    sim.heal();
    // Lost neighbours are probed with a Join 5, 10, 20... seconds after they were lost.
    sim.runFor(60_000);
    Overlay merged = Overlay.of(sim, Fixtures.TOPIC);
    assertTrue(merged.connected(), merged + ", seed " + seed);
    Fixtures.assertNoLastingAsymmetry(sim, merged + ", seed " + seed);
    for (int i = 0; i < 5; i++) {
      BroadcastStats after = Fixtures.publish(sim, randomAlive(sim));
      sim.runFor(3_000);
      assertEquals(1.0, Fixtures.reliability(sim, after), after + ", seed " + seed);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @CsvSource({"5", "6", "7"})
  void churnLeavesAWorkingOverlay(long seed) {
    Simulation sim = Fixtures.overlay(seed, 120, 40_000);
    sim.addNodes(20); // spares: churn restarts crashed nodes, so start with some down
    List<Integer> spares = new ArrayList<>();
    for (int node = 120; node < 140; node++) {
      spares.add(node);
    }
    sim.crash(spares);
    sim.churn(Fixtures.TOPIC, 1_000, 60_000);
    List<BroadcastStats> duringChurn = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      duringChurn.add(Fixtures.publish(sim, randomAlive(sim)));
      sim.runFor(2_000);
    }
    sim.runFor(60_000);
    double mean = 0;
    for (BroadcastStats stats : duringChurn) {
      mean += Fixtures.reliability(sim, stats) / duringChurn.size();
    }
    // Nodes that joined after a message was sent never get it: reliability during churn is below 1.
    assertTrue(mean > 0.9, "mean reliability during churn " + mean + ", seed " + seed);

    Overlay overlay = Overlay.of(sim, Fixtures.TOPIC);
    assertTrue(overlay.connected(), overlay + ", seed " + seed);
    Fixtures.assertNoLastingAsymmetry(sim, overlay + ", seed " + seed);
    for (int i = 0; i < 5; i++) {
      BroadcastStats after = Fixtures.publish(sim, randomAlive(sim));
      sim.runFor(3_000);
      assertEquals(1.0, Fixtures.reliability(sim, after), after + ", seed " + seed);
    }
  }

  private static int randomAlive(Simulation sim) {
    return sim.randomAlive(Fixtures.TOPIC);
  }
}
