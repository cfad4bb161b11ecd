package org.walkaway.gossip;

import java.util.Objects;
import org.walkaway.core.Hash;
import org.walkaway.core.PublicKey;

/**
 * A timer the gossip state asked for with {@link Output.SetTimer}. The embedding keeps it and hands
 * it back in {@link Input.TimerFired} once the delay has passed; it need not look inside. Timers are
 * never cancelled: a timer that no longer applies (its topic was left, its message arrived) is
 * ignored when it fires, so an embedding may also drop timers of a topic it left.
 *
 * <p>{@link #epoch()} tells a topic membership from an earlier one of the same topic (leave, then
 * join again), so that the earlier one's timers do nothing.
 */
public sealed interface Timer {

  TopicId topic();

  long epoch();

  /** HyParView's periodic shuffle, also the moment to retry lost peers and refill the active view. */
  record Shuffle(TopicId topic, long epoch) implements Timer {
    public Shuffle {
      Objects.requireNonNull(topic, "topic");
    }
  }

  /** A {@link GossipMessage.Neighbor} request got no answer in time. */
  record NeighborTimeout(TopicId topic, long epoch, PublicKey peer, long request) implements Timer {
    public NeighborTimeout {
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(peer, "peer");
    }
  }

  /** A {@link GossipMessage.Join} got no neighbour in time: try the next contact. */
  record JoinTimeout(TopicId topic, long epoch, long attempt) implements Timer {
    public JoinTimeout {
      Objects.requireNonNull(topic, "topic");
    }
  }

  /** Send the queued lazy-push announcements ({@link GossipMessage.IHave}) of a topic. */
  record LazyFlush(TopicId topic, long epoch) implements Timer {
    public LazyFlush {
      Objects.requireNonNull(topic, "topic");
    }
  }

  /** A message was announced but did not arrive over the tree in time: graft it from an announcer. */
  record Missing(TopicId topic, long epoch, Hash id) implements Timer {
    public Missing {
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(id, "id");
    }
  }
}
