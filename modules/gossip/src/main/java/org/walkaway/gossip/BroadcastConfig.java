package org.walkaway.gossip;

/**
 * PlumTree's parameters for one topic.
 *
 * @param maxPayloadBytes the largest payload {@link GossipNode#publish} accepts and a peer may send;
 *     larger ones are refused with an error at publish and rejected on receipt, never dropped silently
 * @param missingTimeoutMillis how long after the first announcement ({@link GossipMessage.IHave}) of a
 *     message that did not arrive over the tree a peer grafts it from the announcer (the paper's timeout 1)
 * @param graftRetryMillis how long it then waits for that graft before it asks the next announcer
 *     (the paper's timeout 2)
 * @param lazyPushDelayMillis how long announcements are collected before they go out in one
 *     {@link GossipMessage.IHave} per neighbour; 0 sends each at once
 * @param optimizationThreshold a payload that arrived this many hops later than an announcement said it
 *     could have makes the peer move its tree link to the announcer (the paper's optimisation); 0, the
 *     default, turns it off: one tree serves every sender of a topic, and in the simulator the
 *     optimisation tuned it for whichever sender spoke last while its grafts and prunes raced, so with
 *     random senders it raised the relative message redundancy from 0.00 to 0.23 (threshold 3, 100
 *     peers) and with all senders at once from 0.00 to 0.93, for no gain in hops with one sender
 * @param seenCapacity message ids remembered per topic for deduplication (first in, first out)
 * @param payloadCacheBytes payload bytes kept per topic to answer grafts
 * @param payloadRetentionMillis how long a payload is kept to answer grafts
 * @param missingCapacity announced-but-missing messages tracked per topic; beyond that the oldest is dropped
 * @param announceToNewNeighbor how many of the most recent cached messages are announced to a peer that
 *     becomes a neighbour, so that a peer reconnected after a failure can graft what it missed; 0 disables
 * @param eagerOnly flood every payload to every neighbour, never prune, never announce: the baseline
 *     PlumTree is measured against (relative message redundancy ≈ active view size − 2), not for use
 */
public record BroadcastConfig(
    int maxPayloadBytes,
    long missingTimeoutMillis,
    long graftRetryMillis,
    long lazyPushDelayMillis,
    int optimizationThreshold,
    int seenCapacity,
    long payloadCacheBytes,
    long payloadRetentionMillis,
    int missingCapacity,
    int announceToNewNeighbor,
    boolean eagerOnly) {

  public BroadcastConfig {
    MembershipConfig.positive("maxPayloadBytes", maxPayloadBytes);
    MembershipConfig.positive("missingTimeoutMillis", missingTimeoutMillis);
    MembershipConfig.positive("graftRetryMillis", graftRetryMillis);
    MembershipConfig.notNegative("lazyPushDelayMillis", lazyPushDelayMillis);
    MembershipConfig.notNegative("optimizationThreshold", optimizationThreshold);
    MembershipConfig.positive("seenCapacity", seenCapacity);
    MembershipConfig.notNegative("payloadCacheBytes", payloadCacheBytes);
    MembershipConfig.notNegative("payloadRetentionMillis", payloadRetentionMillis);
    MembershipConfig.positive("missingCapacity", missingCapacity);
    MembershipConfig.notNegative("announceToNewNeighbor", announceToNewNeighbor);
  }

  /**
   * 64 KiB payloads; graft after 500 ms, retry after 250 ms; announcements batched for 50 ms; no
   * hop-count optimisation; 16,384 ids remembered; 4 MiB or 30 s of payloads kept for grafts; the 256
   * newest announced to a new neighbour.
   */
  public static BroadcastConfig defaults() {
    return new BroadcastConfig(64 * 1024, 500, 250, 50, 0, 16_384, 4L << 20, 30_000, 4_096, 256, false);
  }

  public static Builder builder() {
    return new Builder(defaults());
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds a {@link BroadcastConfig}, starting from another one. */
  public static final class Builder {
    private int maxPayloadBytes;
    private long missingTimeoutMillis;
    private long graftRetryMillis;
    private long lazyPushDelayMillis;
    private int optimizationThreshold;
    private int seenCapacity;
    private long payloadCacheBytes;
    private long payloadRetentionMillis;
    private int missingCapacity;
    private int announceToNewNeighbor;
    private boolean eagerOnly;

    private Builder(BroadcastConfig from) {
      maxPayloadBytes = from.maxPayloadBytes;
      missingTimeoutMillis = from.missingTimeoutMillis;
      graftRetryMillis = from.graftRetryMillis;
      lazyPushDelayMillis = from.lazyPushDelayMillis;
      optimizationThreshold = from.optimizationThreshold;
      seenCapacity = from.seenCapacity;
      payloadCacheBytes = from.payloadCacheBytes;
      payloadRetentionMillis = from.payloadRetentionMillis;
      missingCapacity = from.missingCapacity;
      announceToNewNeighbor = from.announceToNewNeighbor;
      eagerOnly = from.eagerOnly;
    }

    public Builder maxPayloadBytes(int value) {
      maxPayloadBytes = value;
      return this;
    }

    public Builder missingTimeoutMillis(long value) {
      missingTimeoutMillis = value;
      return this;
    }

    public Builder graftRetryMillis(long value) {
      graftRetryMillis = value;
      return this;
    }

    public Builder lazyPushDelayMillis(long value) {
      lazyPushDelayMillis = value;
      return this;
    }

    public Builder optimizationThreshold(int value) {
      optimizationThreshold = value;
      return this;
    }

    public Builder seenCapacity(int value) {
      seenCapacity = value;
      return this;
    }

    public Builder payloadCacheBytes(long value) {
      payloadCacheBytes = value;
      return this;
    }

    public Builder payloadRetentionMillis(long value) {
      payloadRetentionMillis = value;
      return this;
    }

    public Builder missingCapacity(int value) {
      missingCapacity = value;
      return this;
    }

    public Builder announceToNewNeighbor(int value) {
      announceToNewNeighbor = value;
      return this;
    }

    public Builder eagerOnly(boolean value) {
      eagerOnly = value;
      return this;
    }

    public BroadcastConfig build() {
      return new BroadcastConfig(maxPayloadBytes, missingTimeoutMillis, graftRetryMillis,
          lazyPushDelayMillis, optimizationThreshold, seenCapacity, payloadCacheBytes,
          payloadRetentionMillis, missingCapacity, announceToNewNeighbor, eagerOnly);
    }
  }
}
