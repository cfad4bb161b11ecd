package org.walkaway.gossip.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.walkaway.core.PublicKey;
import org.walkaway.gossip.GossipMessage;
import org.walkaway.gossip.TopicId;

/**
 * A peer learns a topic id only if it joined the topic: messages of a topic go only to its members,
 * and the peers a topic's messages name are members of that topic.
 */
class TopicPrivacyTest {

  @ParameterizedTest(name = "seed {0}")
  @CsvSource({"1", "2"})
  void messagesOfATopicReachOnlyItsMembersAndNameOnlyItsMembers(long seed) {
    TopicId red = TopicId.fromName("red " + seed);
    TopicId blue = TopicId.fromName("blue " + seed);
    Simulation sim = Simulation.builder(seed).build();
    sim.addNodes(90);
    // 0..59 in red, 30..89 in blue: 30..59 in both.
    Set<Integer> redMembers = range(0, 60);
    Set<Integer> blueMembers = range(30, 90);
    List<String> violations = new ArrayList<>();
    sim.observe((time, from, to, message) -> {
      Set<Integer> members = message.topic().equals(red) ? redMembers : blueMembers;
      if (!members.contains(from) || !members.contains(to)) {
        violations.add(from + " -> " + to + ": " + message);
      }
      for (PublicKey named : namedPeers(message)) {
        if (!members.contains(sim.indexOf(named))) {
          violations.add(from + " -> " + to + " names " + sim.indexOf(named) + ": " + message);
        }
      }
    });
    joinInOrder(sim, red, redMembers);
    joinInOrder(sim, blue, blueMembers);
    sim.runFor(60_000);
    for (int i = 0; i < 10; i++) {
      Fixtures.publish(sim, 0, red);
      Fixtures.publish(sim, 89, blue);
      Fixtures.publish(sim, 45, i % 2 == 0 ? red : blue);
      sim.runFor(1_000);
    }
    sim.crash(35, 36, 37);
    sim.runFor(30_000);
    assertTrue(violations.isEmpty(), violations.size() + " leaks, seed " + seed + ", first: "
        + violations.subList(0, Math.min(5, violations.size())));
    for (int node = 0; node < 30; node++) {
      assertEquals(Set.of(red), sim.node(node).topics(), "node " + node + ", seed " + seed);
    }
  }

  private static void joinInOrder(Simulation sim, TopicId topic, Set<Integer> members) {
    List<Integer> joined = new ArrayList<>();
    for (int node : members.stream().sorted().toList()) {
      if (joined.isEmpty()) {
        sim.join(node, topic);
      } else {
        sim.join(node, topic, joined.get(sim.random().nextInt(joined.size())));
      }
      joined.add(node);
      sim.runFor(20);
    }
  }

  private static List<PublicKey> namedPeers(GossipMessage message) {
    return switch (message) {
      case GossipMessage.ForwardJoin forward -> List.of(forward.joiner());
      case GossipMessage.Shuffle shuffle -> {
        List<PublicKey> peers = new ArrayList<>(shuffle.peers());
        peers.add(shuffle.origin());
        yield peers;
      }
      case GossipMessage.ShuffleReply reply -> reply.peers();
      default -> List.of();
    };
  }

  private static Set<Integer> range(int from, int to) {
    Set<Integer> result = new HashSet<>();
    for (int i = from; i < to; i++) {
      result.add(i);
    }
    return result;
  }
}
