package org.walkaway.gossip.sim;

import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.List;
import org.walkaway.core.PublicKey;
import org.walkaway.gossip.GossipNode;
import org.walkaway.gossip.TopicId;

/**
 * A snapshot of one topic's overlay among the live nodes of a {@link Simulation}: view sizes, whether
 * every active link is symmetric, and how the active links connect the members.
 *
 * @param members live nodes that joined the topic
 * @param minActive the smallest active view among them
 * @param maxActive the largest active view
 * @param meanActive the mean active view size
 * @param maxPassive the largest passive view
 * @param asymmetricLinks active links {@code a → b} where {@code b} does not have {@code a} (or is down)
 * @param components connected components of the graph of active links (taken as undirected)
 * @param largestComponent members in the largest component
 * @param treeLinks eager (tree) links, counted once per direction
 */
public record Overlay(
    int members,
    int minActive,
    int maxActive,
    double meanActive,
    int maxPassive,
    int asymmetricLinks,
    int components,
    int largestComponent,
    int treeLinks) {

  /** The overlay of {@code topic} as it is now. */
  public static Overlay of(Simulation simulation, TopicId topic) {
    int size = simulation.size();
    BitSet member = new BitSet(size);
    for (int node = 0; node < size; node++) {
      if (simulation.isAlive(node) && simulation.node(node).isJoined(topic)) {
        member.set(node);
      }
    }
    int members = member.cardinality();
    int minActive = Integer.MAX_VALUE;
    int maxActive = 0;
    long totalActive = 0;
    int maxPassive = 0;
    int asymmetric = 0;
    int treeLinks = 0;
    int[][] adjacency = new int[size][];
    for (int node = member.nextSetBit(0); node >= 0; node = member.nextSetBit(node + 1)) {
      GossipNode state = simulation.node(node);
      List<PublicKey> active = state.activeView(topic);
      int[] links = new int[active.size()];
      for (int i = 0; i < links.length; i++) {
        int other = simulation.indexOf(active.get(i));
        links[i] = other;
        if (other < 0 || !member.get(other) || !simulation.node(other).isNeighbor(topic, state.self())) {
          asymmetric++;
        }
      }
      adjacency[node] = links;
      minActive = Math.min(minActive, links.length);
      maxActive = Math.max(maxActive, links.length);
      totalActive += links.length;
      maxPassive = Math.max(maxPassive, state.passiveView(topic).size());
      treeLinks += state.eagerPeers(topic).size();
    }
    // Components over undirected active links between live members.
    int[][] reverse = reverse(adjacency, member, size);
    BitSet seen = new BitSet(size);
    int components = 0;
    int largest = 0;
    ArrayDeque<Integer> frontier = new ArrayDeque<>();
    for (int start = member.nextSetBit(0); start >= 0; start = member.nextSetBit(start + 1)) {
      if (seen.get(start)) {
        continue;
      }
      components++;
      int count = 0;
      seen.set(start);
      frontier.add(start);
      while (!frontier.isEmpty()) {
        int node = frontier.poll();
        count++;
        for (int other : adjacency[node]) {
          if (other >= 0 && member.get(other) && !seen.get(other)) {
            seen.set(other);
            frontier.add(other);
          }
        }
        for (int other : reverse[node]) {
          if (!seen.get(other)) {
            seen.set(other);
            frontier.add(other);
          }
        }
      }
      largest = Math.max(largest, count);
    }
    return new Overlay(members, members == 0 ? 0 : minActive, maxActive,
        members == 0 ? 0 : (double) totalActive / members, maxPassive, asymmetric, components, largest,
        treeLinks);
  }

  /** Whether every member can reach every other over active links. */
  public boolean connected() {
    return components <= 1;
  }

  private static int[][] reverse(int[][] adjacency, BitSet member, int size) {
    int[] counts = new int[size];
    for (int node = member.nextSetBit(0); node >= 0; node = member.nextSetBit(node + 1)) {
      for (int other : adjacency[node]) {
        if (other >= 0 && member.get(other)) {
          counts[other]++;
        }
      }
    }
    int[][] reverse = new int[size][];
    for (int node = 0; node < size; node++) {
      reverse[node] = new int[counts[node]];
    }
    int[] fill = new int[size];
    for (int node = member.nextSetBit(0); node >= 0; node = member.nextSetBit(node + 1)) {
      for (int other : adjacency[node]) {
        if (other >= 0 && member.get(other)) {
          reverse[other][fill[other]++] = node;
        }
      }
    }
    return reverse;
  }
}
