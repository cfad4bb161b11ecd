package org.walkaway.gossip;

import java.util.Objects;
import org.walkaway.core.Bytes;
import org.walkaway.core.Hash;
import org.walkaway.core.PublicKey;
import org.walkaway.core.Rejection;

/**
 * What a {@link GossipNode} asks of the outside world, in the order it must happen: send a message,
 * deliver a payload to the application, set a timer; and what it tells: a neighbour came or went, a
 * peer sent something unacceptable.
 */
public sealed interface Output
    permits Output.Send, Output.Deliver, Output.SetTimer, Output.NeighborUp, Output.NeighborDown,
        Output.Rejected {

  /** Send {@code message} to {@code to}, opening a connection if there is none. */
  record Send(PublicKey to, GossipMessage message) implements Output {
    public Send {
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * A payload published by some peer of {@code topic} arrived for the first time. {@code from} is the
   * neighbour it came from (not necessarily its author), {@code hops} the links it crossed.
   */
  record Deliver(TopicId topic, Hash id, Bytes payload, PublicKey from, int hops) implements Output {
    public Deliver {
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(payload, "payload");
      Objects.requireNonNull(from, "from");
    }
  }

  /** Hand {@code timer} back in {@link Input.TimerFired} after {@code delayMillis}. */
  record SetTimer(long delayMillis, Timer timer) implements Output {
    public SetTimer {
      Objects.requireNonNull(timer, "timer");
      if (delayMillis < 0) {
        throw new IllegalArgumentException("delay must not be negative, got " + delayMillis);
      }
    }
  }

  /**
   * {@code peer} entered the active view of {@code topic}: keep a connection to it. A sync protocol
   * can start a session with it here (that is how persistent streams repair gaps).
   */
  record NeighborUp(TopicId topic, PublicKey peer) implements Output {
    public NeighborUp {
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(peer, "peer");
    }
  }

  /** {@code peer} left the active view of {@code topic}; close the connection if no topic needs it. */
  record NeighborDown(TopicId topic, PublicKey peer) implements Output {
    public NeighborDown {
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(peer, "peer");
    }
  }

  /** {@code peer} sent something this node refused (too large, an id that does not match its payload...). */
  record Rejected(PublicKey peer, Rejection rejection) implements Output {
    public Rejected {
      Objects.requireNonNull(peer, "peer");
      Objects.requireNonNull(rejection, "rejection");
    }
  }
}
