package org.walkaway.gossip.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.walkaway.gossip.BroadcastConfig;
import org.walkaway.gossip.GossipConfig;

/** PlumTree in a stable overlay: everyone gets everything, once, and the tree stops the duplicates. */
class BroadcastTest {

  @ParameterizedTest(name = "seed {0}, {1} nodes")
  @CsvSource({"1, 100", "2, 200"})
  void oneSenderReachesEveryoneAndTheTreeConvergesToNoRedundancy(long seed, int n) {
    Simulation sim = Fixtures.overlay(seed, n, 60_000);
    String context = "seed " + seed + ", " + n + " nodes";
    List<BroadcastStats> sent = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      sent.add(Fixtures.publish(sim, 0));
      sim.runFor(1_000);
    }
    sim.runFor(5_000);
    for (BroadcastStats stats : sent) {
      assertEquals(1.0, Fixtures.reliability(sim, stats), stats + ", " + context);
    }
    // The first broadcast floods (every link is eager) and prunes; after it the tree carries one copy each.
    assertTrue(sent.getFirst().relativeMessageRedundancy() > 2, sent.getFirst() + ", " + context);
    // A link that forms later (a peer one short of a full view finds a partner) starts eager and
    // costs a duplicate or two once, so single messages may show a little redundancy.
    double mean = 0;
    for (BroadcastStats stats : sent.subList(3, sent.size())) {
      assertTrue(stats.relativeMessageRedundancy() <= 0.05, stats + ", " + context);
      assertTrue(stats.lastDeliveryHop() < 15, stats + ", " + context);
      mean += stats.relativeMessageRedundancy() / (sent.size() - 3);
    }
    assertTrue(mean <= 0.01, "mean RMR " + mean + ", " + context);
    assertEquals(0, sim.duplicateDeliveries(), context);
    assertEquals(0, sim.rejections(), context);
  }

  @ParameterizedTest(name = "seed {0}")
  @CsvSource({"3", "4"})
  void randomAndConcurrentSendersShareOneTree(long seed) {
    Simulation sim = Fixtures.overlay(seed, 100, 60_000);
    for (int i = 0; i < 5; i++) {
      Fixtures.publish(sim, 0);
      sim.runFor(1_000);
    }
    List<BroadcastStats> sent = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      sent.add(Fixtures.publish(sim, sim.random().nextInt(sim.size())));
      sim.runFor(500);
    }
    for (int node = 0; node < sim.size(); node++) {
      sent.add(Fixtures.publish(sim, node));
    }
    sim.runFor(20_000);
    double redundancy = 0;
    for (BroadcastStats stats : sent) {
      assertEquals(1.0, Fixtures.reliability(sim, stats), stats + ", seed " + seed);
      redundancy += stats.relativeMessageRedundancy() / sent.size();
    }
    assertTrue(redundancy <= 0.05, "mean RMR " + redundancy + ", seed " + seed);
    assertEquals(0, sim.duplicateDeliveries(), "seed " + seed);
  }

  @ParameterizedTest(name = "seed {0}")
  @CsvSource({"5", "6"})
  void lostPayloadsAreGraftedFromLazyPeers(long seed) {
    // 2% of all messages vanish, payloads and repairs alike; announcements and grafts fill the holes.
    Simulation sim = Fixtures.overlay(Simulation.builder(seed).lossProbability(0.02), 100, 60_000);
    List<BroadcastStats> sent = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      sent.add(Fixtures.publish(sim, sim.random().nextInt(sim.size())));
      sim.runFor(1_000);
    }
    sim.runFor(20_000);
    for (BroadcastStats stats : sent) {
      assertEquals(1.0, Fixtures.reliability(sim, stats), stats + ", seed " + seed);
    }
    assertTrue(sim.messagesSent(Simulation.Kind.GRAFT) > 0, "seed " + seed);
    assertEquals(0, sim.duplicateDeliveries(), "seed " + seed);
  }

  @ParameterizedTest(name = "seed {0}")
  @CsvSource({"7"})
  void eagerOnlyFloodingIsTheBaseline(long seed) {
    GossipConfig flooding = GossipConfig.defaults()
        .withBroadcast(BroadcastConfig.builder().eagerOnly(true).build());
    Simulation sim = Fixtures.overlay(seed, 100, 60_000, flooding);
    List<BroadcastStats> sent = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      sent.add(Fixtures.publish(sim, 0));
      sim.runFor(1_000);
    }
    for (BroadcastStats stats : sent) {
      assertEquals(1.0, Fixtures.reliability(sim, stats), stats + ", seed " + seed);
      // Every peer forwards to all its neighbours but one: about (5 - 1) n frames, RMR about 3.
      assertTrue(stats.relativeMessageRedundancy() > 2.5, stats + ", seed " + seed);
    }
    assertEquals(0, sim.messagesSent(Simulation.Kind.IHAVE), "seed " + seed);
    assertEquals(0, sim.duplicateDeliveries(), "seed " + seed);
  }
}
