package org.walkaway.gossip;

/**
 * HyParView's parameters for one topic. {@link #defaults()} are the paper's (active view 5, passive
 * view 30, active random walk 6, passive random walk 3, shuffle walk 6 carrying 3 active and 4 passive
 * peers), which suit overlays of up to about 10,000 peers (active view ≈ log10(n) + 1).
 *
 * @param activeViewCapacity neighbours a peer keeps connections to, and gossips with
 * @param passiveViewCapacity peers a peer knows of as spares for failed neighbours
 * @param activeRandomWalkLength hops of a {@link GossipMessage.ForwardJoin} before its end adopts the joiner
 * @param passiveRandomWalkLength the hop count at which a forward join leaves the joiner in a passive view
 * @param shuffleRandomWalkLength hops of a {@link GossipMessage.Shuffle}
 * @param shuffleActiveCount active-view peers a shuffle carries
 * @param shufflePassiveCount passive-view peers a shuffle carries
 * @param shuffleIntervalMillis mean time between two shuffles of a peer (each is jittered by ±50%)
 * @param neighborRequestTimeoutMillis how long a {@link GossipMessage.Neighbor} request may stay unanswered
 * @param joinTimeoutMillis how long a {@link GossipMessage.Join} may stay without a neighbour before the
 *     next contact is tried
 * @param lostPeerCapacity how many lost neighbours a peer remembers, per topic, to probe again later
 * @param lostPeerRetries how many times a lost neighbour is probed (with a {@code Join}) before it is
 *     forgotten; this is what merges the two halves of a healed partition
 * @param lostPeerRetryMillis the delay before the first probe; each further one waits twice as long
 */
public record MembershipConfig(
    int activeViewCapacity,
    int passiveViewCapacity,
    int activeRandomWalkLength,
    int passiveRandomWalkLength,
    int shuffleRandomWalkLength,
    int shuffleActiveCount,
    int shufflePassiveCount,
    long shuffleIntervalMillis,
    long neighborRequestTimeoutMillis,
    long joinTimeoutMillis,
    int lostPeerCapacity,
    int lostPeerRetries,
    long lostPeerRetryMillis) {

  public MembershipConfig {
    positive("activeViewCapacity", activeViewCapacity);
    notNegative("passiveViewCapacity", passiveViewCapacity);
    positive("activeRandomWalkLength", activeRandomWalkLength);
    notNegative("passiveRandomWalkLength", passiveRandomWalkLength);
    if (passiveRandomWalkLength > activeRandomWalkLength) {
      throw new IllegalArgumentException("the passive random walk length (" + passiveRandomWalkLength
          + ") must not exceed the active one (" + activeRandomWalkLength + ")");
    }
    positive("shuffleRandomWalkLength", shuffleRandomWalkLength);
    notNegative("shuffleActiveCount", shuffleActiveCount);
    notNegative("shufflePassiveCount", shufflePassiveCount);
    positive("shuffleIntervalMillis", shuffleIntervalMillis);
    positive("neighborRequestTimeoutMillis", neighborRequestTimeoutMillis);
    positive("joinTimeoutMillis", joinTimeoutMillis);
    notNegative("lostPeerCapacity", lostPeerCapacity);
    notNegative("lostPeerRetries", lostPeerRetries);
    positive("lostPeerRetryMillis", lostPeerRetryMillis);
    if (activeRandomWalkLength > GossipMessage.MAX_COUNTER || shuffleRandomWalkLength > GossipMessage.MAX_COUNTER) {
      throw new IllegalArgumentException("random walk lengths must fit in " + GossipMessage.MAX_COUNTER);
    }
  }

  /** The HyParView paper's parameters, a 10 s shuffle, 3 s request timeouts, 8 probes of lost peers from 5 s on. */
  public static MembershipConfig defaults() {
    return new MembershipConfig(5, 30, 6, 3, 6, 3, 4, 10_000, 3_000, 3_000, 8, 8, 5_000);
  }

  public static Builder builder() {
    return new Builder(defaults());
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The largest number of peers a well-behaved {@link GossipMessage.Shuffle} carries. */
  public int shuffleSize() {
    return 1 + shuffleActiveCount + shufflePassiveCount;
  }

  static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }

  static void notNegative(String name, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must not be negative, got " + value);
    }
  }

  /** Builds a {@link MembershipConfig}, starting from another one. */
  public static final class Builder {
    private int activeViewCapacity;
    private int passiveViewCapacity;
    private int activeRandomWalkLength;
    private int passiveRandomWalkLength;
    private int shuffleRandomWalkLength;
    private int shuffleActiveCount;
    private int shufflePassiveCount;
    private long shuffleIntervalMillis;
    private long neighborRequestTimeoutMillis;
    private long joinTimeoutMillis;
    private int lostPeerCapacity;
    private int lostPeerRetries;
    private long lostPeerRetryMillis;

    private Builder(MembershipConfig from) {
      activeViewCapacity = from.activeViewCapacity;
      passiveViewCapacity = from.passiveViewCapacity;
      activeRandomWalkLength = from.activeRandomWalkLength;
      passiveRandomWalkLength = from.passiveRandomWalkLength;
      shuffleRandomWalkLength = from.shuffleRandomWalkLength;
      shuffleActiveCount = from.shuffleActiveCount;
      shufflePassiveCount = from.shufflePassiveCount;
      shuffleIntervalMillis = from.shuffleIntervalMillis;
      neighborRequestTimeoutMillis = from.neighborRequestTimeoutMillis;
      joinTimeoutMillis = from.joinTimeoutMillis;
      lostPeerCapacity = from.lostPeerCapacity;
      lostPeerRetries = from.lostPeerRetries;
      lostPeerRetryMillis = from.lostPeerRetryMillis;
    }

    public Builder activeViewCapacity(int value) {
      activeViewCapacity = value;
      return this;
    }

    public Builder passiveViewCapacity(int value) {
      passiveViewCapacity = value;
      return this;
    }

    public Builder activeRandomWalkLength(int value) {
      activeRandomWalkLength = value;
      return this;
    }

    public Builder passiveRandomWalkLength(int value) {
      passiveRandomWalkLength = value;
      return this;
    }

    public Builder shuffleRandomWalkLength(int value) {
      shuffleRandomWalkLength = value;
      return this;
    }

    public Builder shuffleActiveCount(int value) {
      shuffleActiveCount = value;
      return this;
    }

    public Builder shufflePassiveCount(int value) {
      shufflePassiveCount = value;
      return this;
    }

    public Builder shuffleIntervalMillis(long value) {
      shuffleIntervalMillis = value;
      return this;
    }

    public Builder neighborRequestTimeoutMillis(long value) {
      neighborRequestTimeoutMillis = value;
      return this;
    }

    public Builder joinTimeoutMillis(long value) {
      joinTimeoutMillis = value;
      return this;
    }

    public Builder lostPeerCapacity(int value) {
      lostPeerCapacity = value;
      return this;
    }

    public Builder lostPeerRetries(int value) {
      lostPeerRetries = value;
      return this;
    }

    public Builder lostPeerRetryMillis(long value) {
      lostPeerRetryMillis = value;
      return this;
    }

    public MembershipConfig build() {
      return new MembershipConfig(activeViewCapacity, passiveViewCapacity, activeRandomWalkLength,
          passiveRandomWalkLength, shuffleRandomWalkLength, shuffleActiveCount, shufflePassiveCount,
          shuffleIntervalMillis, neighborRequestTimeoutMillis, joinTimeoutMillis, lostPeerCapacity,
          lostPeerRetries, lostPeerRetryMillis);
    }
  }
}
