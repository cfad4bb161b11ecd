package org.walkaway.gossip;

import java.util.Objects;

/** Why {@link GossipNode#publish} refused a payload. */
public record PublishError(Reason reason, String message) {
  public PublishError {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return reason + ": " + message;
  }

  public enum Reason {
    /** The payload is larger than {@link BroadcastConfig#maxPayloadBytes()}. */
    PAYLOAD_TOO_LARGE,
    /** This node has not joined the topic. */
    NOT_JOINED,
    /** A message with the same id (the same payload, for content ids) was already seen in this topic. */
    DUPLICATE
  }
}
