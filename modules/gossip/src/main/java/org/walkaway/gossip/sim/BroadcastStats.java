package org.walkaway.gossip.sim;

import java.util.BitSet;
import java.util.function.IntPredicate;
import org.walkaway.core.Hash;
import org.walkaway.gossip.TopicId;

/**
 * What a {@link Simulation} saw of one published message: who delivered it, at which hop count and
 * when, and how many payload frames ({@code Gossip} messages) carried it.
 *
 * <ul>
 *   <li>reliability: the share of a population of nodes that delivered it;</li>
 *   <li>relative message redundancy (RMR): {@code m / (n - 1) - 1} for {@code m} payload frames sent
 *       and {@code n} nodes that delivered it (the publisher included); 0 means every node got it
 *       exactly once;</li>
 *   <li>last delivery hop (LDH): the largest hop count at which a node delivered it.</li>
 * </ul>
 */
public final class BroadcastStats {
  private final Hash id;
  private final TopicId topic;
  private final int origin;
  private final long publishedAt;
  private final BitSet delivered = new BitSet();
  private int deliveries;
  private int duplicateDeliveries;
  private long payloadFrames;
  private int lastDeliveryHop;
  private long lastDeliveryAt;

  BroadcastStats(Hash id, TopicId topic, int origin, long publishedAt) {
    this.id = id;
    this.topic = topic;
    this.origin = origin;
    this.publishedAt = publishedAt;
    this.lastDeliveryAt = publishedAt;
    delivered.set(origin);
    deliveries = 1;
  }

  void recordDelivery(int node, int hops, long at) {
    if (delivered.get(node)) {
      duplicateDeliveries++;
      return;
    }
    delivered.set(node);
    deliveries++;
    lastDeliveryHop = Math.max(lastDeliveryHop, hops);
    lastDeliveryAt = Math.max(lastDeliveryAt, at);
  }

  void recordPayloadFrame() {
    payloadFrames++;
  }

  public Hash id() {
    return id;
  }

  public TopicId topic() {
    return topic;
  }

  public int origin() {
    return origin;
  }

  public long publishedAt() {
    return publishedAt;
  }

  /** Nodes that delivered it, the publisher included. */
  public int deliveries() {
    return deliveries;
  }

  /** Deliveries of it by a node that had already delivered it: 0 unless deduplication failed. */
  public int duplicateDeliveries() {
    return duplicateDeliveries;
  }

  public boolean deliveredBy(int node) {
    return delivered.get(node);
  }

  /** {@code Gossip} frames that carried it, including any sent to nodes that were down. */
  public long payloadFrames() {
    return payloadFrames;
  }

  /** The largest hop count at which it was delivered (0 if only the publisher has it). */
  public int lastDeliveryHop() {
    return lastDeliveryHop;
  }

  /** Virtual milliseconds from publication to the last delivery. */
  public long lastDeliveryLatency() {
    return lastDeliveryAt - publishedAt;
  }

  /** The share of {@code population} (nodes {@code 0..size-1} that pass the test) that delivered it. */
  public double reliability(int size, IntPredicate population) {
    int members = 0;
    int reached = 0;
    for (int node = 0; node < size; node++) {
      if (population.test(node)) {
        members++;
        if (delivered.get(node)) {
          reached++;
        }
      }
    }
    return members == 0 ? 1.0 : (double) reached / members;
  }

  /** Relative message redundancy, {@code payloadFrames / (deliveries - 1) - 1}; 0 if no one else got it. */
  public double relativeMessageRedundancy() {
    return deliveries <= 1 ? 0.0 : (double) payloadFrames / (deliveries - 1) - 1.0;
  }

  @Override
  public String toString() {
    return "BroadcastStats[" + id + " from " + origin + ": " + deliveries + " deliveries, "
        + payloadFrames + " frames, RMR " + relativeMessageRedundancy() + ", LDH " + lastDeliveryHop + "]";
  }
}
