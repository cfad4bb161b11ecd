package org.walkaway.gossip.sim;

import java.nio.ByteBuffer;
import org.walkaway.core.Bytes;
import org.walkaway.core.Hash;
import org.walkaway.gossip.GossipConfig;
import org.walkaway.gossip.PublishResult;
import org.walkaway.gossip.TopicId;

/** Builds the overlays the simulation tests share. */
final class Fixtures {
  static final TopicId TOPIC = TopicId.fromName("walkaway gossip tests");

  private Fixtures() {}

  /** {@code n} nodes joined one by one, 20 ms apart, then {@code settleMillis} of virtual time. */
  static Simulation overlay(long seed, int n, long settleMillis) {
    return overlay(Simulation.builder(seed), n, settleMillis);
  }

  static Simulation overlay(Simulation.Builder builder, int n, long settleMillis) {
    Simulation sim = builder.build();
    sim.addNodes(n);
    sim.joinOneByOne(TOPIC, 0, n, 20);
    sim.runFor(settleMillis);
    return sim;
  }

  static Simulation overlay(long seed, int n, long settleMillis, GossipConfig config) {
    return overlay(Simulation.builder(seed).config(config), n, settleMillis);
  }

  /** Publishes a fresh 64-byte payload from {@code node}; fails the test if refused. */
  static BroadcastStats publish(Simulation sim, int node) {
    return publish(sim, node, TOPIC);
  }

  static BroadcastStats publish(Simulation sim, int node, TopicId topic) {
    byte[] payload = new byte[64];
    // Unique within the simulation and the same in every run of it.
    ByteBuffer.wrap(payload).putLong(sim.seed()).putInt(node).putLong(sim.now()).putInt(sim.broadcasts().size());
    PublishResult result = sim.publish(node, topic, Bytes.of(payload));
    Hash id = switch (result) {
      case PublishResult.Published published -> published.id();
      case PublishResult.Refused refused -> throw new AssertionError("refused: " + refused.error());
    };
    return sim.broadcast(id);
  }

  /**
   * Asserts that no active link is one-sided for long: a link can be one-sided while the message that
   * makes it two-sided (or removes it) is in flight, so only links one-sided both now and 3 s later
   * count. Advances the simulation by 3 s.
   */
  static void assertNoLastingAsymmetry(Simulation sim, String context) {
    java.util.Set<Long> before = asymmetricLinks(sim);
    sim.runFor(3_000);
    java.util.Set<Long> after = asymmetricLinks(sim);
    after.retainAll(before);
    org.junit.jupiter.api.Assertions.assertTrue(after.isEmpty(), after.size()
        + " one-sided links lasted 3 s (from << 32 | to): " + after + ", " + context);
  }

  /** Active links {@code a -> b} of live members where {@code b} is down or does not have {@code a}. */
  static java.util.Set<Long> asymmetricLinks(Simulation sim) {
    java.util.Set<Long> links = new java.util.HashSet<>();
    for (int node = 0; node < sim.size(); node++) {
      if (!sim.isAlive(node) || !sim.node(node).isJoined(TOPIC)) {
        continue;
      }
      for (org.walkaway.core.PublicKey peer : sim.node(node).activeView(TOPIC)) {
        int other = sim.indexOf(peer);
        if (!sim.isAlive(other) || !sim.node(other).isNeighbor(TOPIC, sim.key(node))) {
          links.add((long) node << 32 | other);
        }
      }
    }
    return links;
  }

  /** The share of live members of the fixture topic that delivered it. */
  static double reliability(Simulation sim, BroadcastStats stats) {
    return stats.reliability(sim.size(), node -> sim.isAlive(node) && sim.node(node).isJoined(stats.topic()));
  }
}
