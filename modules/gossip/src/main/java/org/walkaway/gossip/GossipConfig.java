package org.walkaway.gossip;

import java.util.Objects;

/** The parameters of a {@link GossipNode}: HyParView's and PlumTree's, the same for every topic. */
public record GossipConfig(MembershipConfig membership, BroadcastConfig broadcast) {
  public GossipConfig {
    Objects.requireNonNull(membership, "membership");
    Objects.requireNonNull(broadcast, "broadcast");
  }

  /** {@link MembershipConfig#defaults()} and {@link BroadcastConfig#defaults()}. */
  public static GossipConfig defaults() {
    return new GossipConfig(MembershipConfig.defaults(), BroadcastConfig.defaults());
  }

  public GossipConfig withMembership(MembershipConfig value) {
    return new GossipConfig(value, broadcast);
  }

  public GossipConfig withBroadcast(BroadcastConfig value) {
    return new GossipConfig(membership, value);
  }
}
