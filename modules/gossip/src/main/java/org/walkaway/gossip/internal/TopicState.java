package org.walkaway.gossip.internal;

import java.util.List;
import java.util.random.RandomGenerator;
import org.walkaway.core.PublicKey;
import org.walkaway.gossip.GossipConfig;
import org.walkaway.gossip.GossipMessage;
import org.walkaway.gossip.MessageIds;
import org.walkaway.gossip.Output;
import org.walkaway.gossip.Timer;
import org.walkaway.gossip.TopicId;

/**
 * One joined topic: its HyParView membership and the PlumTree that runs over it. Membership changes
 * become {@link Output.NeighborUp}/{@link Output.NeighborDown} outputs and the tree's eager and lazy
 * peers follow them. {@link #epoch()} tells this membership from an earlier one of the same topic.
 */
public final class TopicState implements HyParView.Listener {
  private final TopicId topic;
  private final long epoch;
  private final HyParView membership;
  private final PlumTree broadcast;

  public TopicState(TopicId topic, long epoch, PublicKey self, GossipConfig config,
      RandomGenerator random, MessageIds ids) {
    this.topic = topic;
    this.epoch = epoch;
    this.membership = new HyParView(topic, epoch, self, config.membership(), random, this);
    this.broadcast = new PlumTree(topic, epoch, config.broadcast(), ids, membership);
  }

  public TopicId topic() {
    return topic;
  }

  public long epoch() {
    return epoch;
  }

  public HyParView membership() {
    return membership;
  }

  public PlumTree broadcast() {
    return broadcast;
  }

  public void setNow(long now) {
    membership.setNow(now);
    broadcast.setNow(now);
  }

  public void onMessage(PublicKey from, GossipMessage message, List<Output> out) {
    switch (message) {
      case GossipMessage.Membership m -> membership.onMessage(from, m, out);
      case GossipMessage.Broadcast b -> {
        if (!(b instanceof GossipMessage.Graft)) {
          // Payloads, announcements and prunes come from neighbours only (grafts may come from a
          // former neighbour that still wants a message it saw announced).
          membership.notNeighbors(from, out);
        }
        broadcast.onMessage(from, b, out);
      }
    }
  }

  public void onTimer(Timer timer, List<Output> out) {
    switch (timer) {
      case Timer.Shuffle shuffle -> membership.onShuffleTimer(out);
      case Timer.NeighborTimeout t -> membership.onNeighborTimeout(t.peer(), t.request(), out);
      case Timer.JoinTimeout t -> membership.onJoinTimeout(t.attempt(), out);
      case Timer.LazyFlush flush -> broadcast.onLazyFlush(out);
      case Timer.Missing t -> broadcast.onMissingTimer(t.id(), out);
    }
  }

  @Override
  public void neighborUp(PublicKey peer, List<Output> out) {
    out.add(new Output.NeighborUp(topic, peer));
    broadcast.neighborUp(peer, out);
  }

  @Override
  public void neighborDown(PublicKey peer, List<Output> out) {
    out.add(new Output.NeighborDown(topic, peer));
    broadcast.neighborDown(peer);
  }
}
