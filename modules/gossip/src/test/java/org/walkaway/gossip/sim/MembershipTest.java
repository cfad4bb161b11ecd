package org.walkaway.gossip.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.walkaway.core.PublicKey;
import org.walkaway.gossip.GossipNode;
import org.walkaway.gossip.MembershipConfig;

/** HyParView's invariants once an overlay has settled. */
class MembershipTest {

  @ParameterizedTest(name = "seed {0}, {1} nodes")
  @CsvSource({"1, 50", "2, 100", "3, 150", "4, 200", "5, 100", "6, 100", "7, 150", "8, 200"})
  void aSettledOverlayIsSymmetricBoundedAndConnected(long seed, int n) {
    Simulation sim = Fixtures.overlay(seed, n, 60_000);
    String context = "seed " + seed + ", " + n + " nodes";
    MembershipConfig config = sim.config().membership();

    Overlay overlay = Overlay.of(sim, Fixtures.TOPIC);
    assertEquals(n, overlay.members(), context);
    Fixtures.assertNoLastingAsymmetry(sim, "active views are symmetric: " + overlay + ", " + context);
    assertTrue(overlay.connected(), "the overlay is connected: " + overlay + ", " + context);
    assertTrue(overlay.minActive() >= 1, "nobody is isolated: " + overlay + ", " + context);
    assertTrue(overlay.maxActive() <= config.activeViewCapacity(), overlay + ", " + context);
    assertTrue(overlay.maxPassive() <= config.passiveViewCapacity(), overlay + ", " + context);
    // Most active views are full: the overlay has about n * 5 / 2 links.
    assertTrue(overlay.meanActive() >= config.activeViewCapacity() - 0.5, overlay + ", " + context);

    for (int node = 0; node < n; node++) {
      GossipNode state = sim.node(node);
      List<PublicKey> active = state.activeView(Fixtures.TOPIC);
      List<PublicKey> passive = state.passiveView(Fixtures.TOPIC);
      assertFalse(active.contains(state.self()), "no node is its own neighbour, " + context);
      assertFalse(passive.contains(state.self()), "no node is in its own passive view, " + context);
      assertEquals(active.size(), new HashSet<>(active).size(), "no duplicates, " + context);
      assertEquals(passive.size(), new HashSet<>(passive).size(), "no duplicates, " + context);
      Set<PublicKey> both = new HashSet<>(active);
      both.retainAll(passive);
      assertTrue(both.isEmpty(), "active and passive views are disjoint at node " + node + ", " + context);
      // The tree's eager and lazy peers partition the active view.
      Set<PublicKey> tree = new HashSet<>(state.eagerPeers(Fixtures.TOPIC));
      tree.addAll(state.lazyPeers(Fixtures.TOPIC));
      assertEquals(new HashSet<>(active), tree, "eager + lazy = active at node " + node + ", " + context);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @CsvSource({"11", "12", "13"})
  void aPeerThatLeavesIsDroppedFromEveryView(long seed) {
    Simulation sim = Fixtures.overlay(seed, 60, 30_000);
    int leaver = 7;
    PublicKey key = sim.key(leaver);
    sim.leave(leaver, Fixtures.TOPIC);
    sim.runFor(20_000);
    for (int node = 0; node < sim.size(); node++) {
      assertFalse(sim.node(node).activeView(Fixtures.TOPIC).contains(key),
          "node " + node + " still has the leaver as a neighbour, seed " + seed);
    }
    Overlay overlay = Overlay.of(sim, Fixtures.TOPIC);
    assertEquals(59, overlay.members(), "seed " + seed);
    assertTrue(overlay.connected(), overlay + ", seed " + seed);
    Fixtures.assertNoLastingAsymmetry(sim, overlay + ", seed " + seed);
  }

  @ParameterizedTest(name = "seed {0}")
  @CsvSource({"21", "22"})
  void aPeerWhoseContactIsDeadJoinsThroughTheNextOne(long seed) {
    Simulation sim = Fixtures.overlay(seed, 20, 20_000);
    int newcomer = sim.addNode();
    sim.crash(3);
    sim.join(newcomer, Fixtures.TOPIC, 3, 5);
    sim.runFor(30_000);
    assertFalse(sim.node(newcomer).activeView(Fixtures.TOPIC).isEmpty(), "seed " + seed);
    Overlay overlay = Overlay.of(sim, Fixtures.TOPIC);
    assertTrue(overlay.connected(), overlay + ", seed " + seed);
    Fixtures.assertNoLastingAsymmetry(sim, overlay + ", seed " + seed);
  }
}
