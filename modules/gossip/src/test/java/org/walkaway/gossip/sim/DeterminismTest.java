package org.walkaway.gossip.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The same seed gives the same run, event for event; another seed another run. */
class DeterminismTest {

  private record Run(long digest, long events, long messages, List<String> broadcasts) {}

  private static Run run(long seed) {
    Simulation sim = Fixtures.overlay(Simulation.builder(seed).lossProbability(0.01), 80, 30_000);
    for (int i = 0; i < 10; i++) {
      Fixtures.publish(sim, sim.random().nextInt(sim.size()));
      sim.runFor(700);
    }
    sim.crash(3, 5, 8, 13, 21, 34);
    sim.partition(node -> node < 40 ? 0 : 1);
    sim.runFor(10_000);
    sim.heal();
    sim.churn(Fixtures.TOPIC, 2_000, 20_000);
    for (int i = 0; i < 10; i++) {
      Fixtures.publish(sim, sim.randomAlive(Fixtures.TOPIC));
      sim.runFor(1_500);
    }
    sim.runFor(20_000);
    List<String> broadcasts = new ArrayList<>();
    for (BroadcastStats stats : sim.broadcasts()) {
      broadcasts.add(stats.toString());
    }
    return new Run(sim.traceDigest(), sim.eventsProcessed(), sim.messagesSent(), broadcasts);
  }

  @Test
  void sameSeedSameTrace() {
    for (long seed : new long[] {1, 42}) {
      Run first = run(seed);
      Run second = run(seed);
      assertEquals(first, second, "seed " + seed);
    }
  }

  @Test
  void otherSeedOtherTrace() {
    assertNotEquals(run(1).digest(), run(2).digest());
  }
}
