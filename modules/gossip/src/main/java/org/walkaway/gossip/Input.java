package org.walkaway.gossip;

import java.util.List;
import java.util.Objects;
import org.walkaway.core.PublicKey;

/**
 * What the outside world tells a {@link GossipNode}: a local command, a message from a peer, a lost
 * connection, or a timer that fired. Time is not an input of its own: every call to
 * {@link GossipNode#handle} says what time it is.
 */
public sealed interface Input
    permits Input.JoinTopic, Input.LeaveTopic, Input.Received, Input.ConnectionLost, Input.TimerFired {

  /**
   * Join {@code topic}, introduced by one of {@code bootstrap} (peers known to be members: they learn
   * the topic id). An empty list starts the topic alone; others join through this peer. Joining a topic
   * already joined only adds the bootstrap peers as fallback contacts.
   */
  record JoinTopic(TopicId topic, List<PublicKey> bootstrap) implements Input {
    public JoinTopic {
      Objects.requireNonNull(topic, "topic");
      bootstrap = List.copyOf(bootstrap);
    }
  }

  /** Leave {@code topic}: tell the neighbours, forget everything about it. */
  record LeaveTopic(TopicId topic) implements Input {
    public LeaveTopic {
      Objects.requireNonNull(topic, "topic");
    }
  }

  /** A message arrived from {@code from}, whose identity the transport authenticated. */
  record Received(PublicKey from, GossipMessage message) implements Input {
    public Received {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * The transport lost its connection to {@code peer}, or could not open one: HyParView's failure
   * detector. It applies to every topic.
   */
  record ConnectionLost(PublicKey peer) implements Input {
    public ConnectionLost {
      Objects.requireNonNull(peer, "peer");
    }
  }

  /** A timer from an earlier {@link Output.SetTimer} is due. */
  record TimerFired(Timer timer) implements Input {
    public TimerFired {
      Objects.requireNonNull(timer, "timer");
    }
  }
}
