package org.walkaway.benchmarks.ordering;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.walkaway.core.Hash;
import org.walkaway.ordering.DependencyView;

/**
 * A random DAG shaped like a busy topic, made of cheap synthetic events (signing a million real
 * events would take a minute and measure Ed25519, not ordering).
 *
 * <p>{@code authors} writers take turns at random; each event depends on its author's previous
 * event (the backlink) and, like an event that names the heads its author saw, on the latest event
 * of another author with probability 1/2 and of a second one with probability 1/10: 1.6
 * dependencies per event on average. Ids are random 32-byte hashes, as real ids are.
 */
final class SyntheticDag {
  /** A synthetic event: an id and the ids it depends on. */
  record Node(Hash id, List<Hash> dependencies) {}

  static final DependencyView<Node> VIEW =
      new DependencyView<>() {
        @Override
        public Hash id(Node node) {
          return node.id();
        }

        @Override
        public List<Hash> dependencies(Node node) {
          return node.dependencies();
        }
      };

  private SyntheticDag() {}

  /** {@code size} events in creation order (a causal order). */
  static Node[] generate(int size, int authors, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Node[] nodes = new Node[size];
    Hash[] latest = new Hash[authors];
    byte[] bytes = new byte[Hash.LENGTH];
    for (int i = 0; i < size; i++) {
      int author = random.nextInt(authors);
      List<Hash> dependencies = new ArrayList<>(3);
      if (latest[author] != null) {
        dependencies.add(latest[author]);
      }
      double roll = random.nextDouble();
      int others = roll < 0.1 ? 2 : roll < 0.5 ? 1 : 0;
      for (int k = 0; k < others; k++) {
        Hash head = latest[random.nextInt(authors)];
        if (head != null && !dependencies.contains(head)) {
          dependencies.add(head);
        }
      }
      random.nextBytes(bytes);
      Hash id = Hash.fromBytes(bytes);
      nodes[i] = new Node(id, List.copyOf(dependencies));
      latest[author] = id;
    }
    return nodes;
  }

  /** The same events in a random arrival order. */
  static Node[] shuffled(Node[] nodes, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Node[] copy = nodes.clone();
    for (int i = copy.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      Node t = copy[i];
      copy[i] = copy[j];
      copy[j] = t;
    }
    return copy;
  }

  /**
   * Fresh copies of {@code arrivals}, allocated in arrival order, ids and dependency ids included:
   * what a decoder hands the orderer (each event decoded from its own bytes just before it is
   * offered, sharing no objects with earlier events). Without this the benchmark would measure
   * cache misses on objects that the set-up allocated in creation order, which no real peer has.
   */
  static Node[] asDecoded(Node[] arrivals) {
    Node[] fresh = new Node[arrivals.length];
    for (int i = 0; i < arrivals.length; i++) {
      Node node = arrivals[i];
      List<Hash> dependencies = new ArrayList<>(node.dependencies().size());
      for (Hash dependency : node.dependencies()) {
        dependencies.add(copy(dependency));
      }
      fresh[i] = new Node(copy(node.id()), List.copyOf(dependencies));
    }
    return fresh;
  }

  private static Hash copy(Hash hash) {
    return Hash.fromBytes(hash.bytes().toArray());
  }
}
