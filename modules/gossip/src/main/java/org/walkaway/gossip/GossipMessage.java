package org.walkaway.gossip;

import java.util.List;
import java.util.Objects;
import org.walkaway.core.Bytes;
import org.walkaway.core.Hash;
import org.walkaway.core.PublicKey;

/**
 * What one peer sends another. Every message names its {@link #topic()}, so one connection carries
 * all the topics two peers share, and a message never mentions any other topic.
 *
 * <p>Two families: {@link Membership} messages keep the HyParView overlay of a topic (who is whose
 * neighbour), {@link Broadcast} messages carry PlumTree's payloads and tree repairs. {@link GossipCodec}
 * turns them into bytes and back.
 */
public sealed interface GossipMessage permits GossipMessage.Membership, GossipMessage.Broadcast {

  /** The topic this message belongs to. */
  TopicId topic();

  /** HyParView: join, forward join, neighbour requests, disconnect, shuffle. */
  sealed interface Membership extends GossipMessage
      permits Join, ForwardJoin, Neighbor, NeighborReply, Disconnect, Shuffle, ShuffleReply {}

  /** PlumTree: eager push of payloads, lazy push of ids, graft and prune. */
  sealed interface Broadcast extends GossipMessage permits Gossip, IHave, Graft, Prune {}

  /** How much a {@link Neighbor} request insists. */
  enum Priority {
    /** Sent by a peer with no neighbour at all, or to confirm a link the sender already made: never refused. */
    HIGH,
    /** Sent to fill a free slot: refused when the receiver's active view is full. */
    LOW
  }

  /**
   * "Let me into this topic": sent to a contact that is already a member. The contact makes the
   * sender its neighbour and introduces it to the overlay with {@link ForwardJoin}s.
   */
  record Join(TopicId topic) implements Membership {
    public Join {
      Objects.requireNonNull(topic, "topic");
    }
  }

  /**
   * A random walk introducing {@code joiner}: each hop decrements {@code ttl}; the peer where it
   * reaches 0 (or that has no one else to forward to) makes the joiner its neighbour, and the peer
   * where it equals the passive random walk length keeps the joiner in its passive view.
   */
  record ForwardJoin(TopicId topic, PublicKey joiner, int ttl) implements Membership {
    public ForwardJoin {
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(joiner, "joiner");
      requireTtl(ttl);
    }
  }

  /** "Be my neighbour": answered with a {@link NeighborReply}. */
  record Neighbor(TopicId topic, Priority priority) implements Membership {
    public Neighbor {
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(priority, "priority");
    }
  }

  /** The answer to a {@link Neighbor} request. */
  record NeighborReply(TopicId topic, boolean accepted) implements Membership {
    public NeighborReply {
      Objects.requireNonNull(topic, "topic");
    }
  }

  /**
   * "You are no longer my neighbour." {@code alive} says the sender stays in the topic (it only made
   * room for someone else), so the receiver keeps it in its passive view; {@code false} means it left.
   */
  record Disconnect(TopicId topic, boolean alive) implements Membership {
    public Disconnect {
      Objects.requireNonNull(topic, "topic");
    }
  }

  /**
   * A random walk of {@code ttl} hops carrying a sample of {@code origin}'s views; the peer where it
   * ends answers {@code origin} directly with a {@link ShuffleReply} of its own passive view, and both
   * merge what they got into their passive views.
   */
  record Shuffle(TopicId topic, PublicKey origin, int ttl, List<PublicKey> peers) implements Membership {
    public Shuffle {
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(origin, "origin");
      requireTtl(ttl);
      peers = List.copyOf(peers);
    }
  }

  /** The end of a shuffle walk answers its origin with a sample of its passive view. */
  record ShuffleReply(TopicId topic, List<PublicKey> peers) implements Membership {
    public ShuffleReply {
      Objects.requireNonNull(topic, "topic");
      peers = List.copyOf(peers);
    }
  }

  /**
   * A payload pushed eagerly along the broadcast tree. {@code hops} counts the links it crossed to
   * reach the receiver (1 for the publisher's neighbours). {@code id} is a function of the payload (see
   * {@link MessageIds}); receivers check it before they believe it.
   */
  record Gossip(TopicId topic, Hash id, int hops, Bytes payload) implements Broadcast {
    public Gossip {
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(payload, "payload");
      requireHops(hops);
    }
  }

  /** One entry of an {@link IHave}: a message id and the hops at which the announcer received it. */
  record Announcement(Hash id, int hops) {
    public Announcement {
      Objects.requireNonNull(id, "id");
      requireHops(hops);
    }
  }

  /** Lazy push: "I have these messages", sent to the neighbours that are not on the tree. */
  record IHave(TopicId topic, List<Announcement> announcements) implements Broadcast {
    public IHave {
      Objects.requireNonNull(topic, "topic");
      announcements = List.copyOf(announcements);
    }
  }

  /**
   * "Put the link between us on the tree, and send me these messages." An empty {@code ids} only
   * grafts the link (the tree optimisation step).
   */
  record Graft(TopicId topic, List<Hash> ids) implements Broadcast {
    public Graft {
      Objects.requireNonNull(topic, "topic");
      ids = List.copyOf(ids);
    }
  }

  /** "Take the link between us off the tree": the sender got a duplicate over it. */
  record Prune(TopicId topic) implements Broadcast {
    public Prune {
      Objects.requireNonNull(topic, "topic");
    }
  }

  /** The largest time-to-live or hop count a message may carry (the codec stores it in two bytes). */
  int MAX_COUNTER = 0xFFFF;

  private static void requireTtl(int ttl) {
    if (ttl < 0 || ttl > MAX_COUNTER) {
      throw new IllegalArgumentException("ttl must be in [0, " + MAX_COUNTER + "], got " + ttl);
    }
  }

  private static void requireHops(int hops) {
    if (hops < 0 || hops > MAX_COUNTER) {
      throw new IllegalArgumentException("hops must be in [0, " + MAX_COUNTER + "], got " + hops);
    }
  }
}
