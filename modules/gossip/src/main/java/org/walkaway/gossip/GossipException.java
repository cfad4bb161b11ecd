package org.walkaway.gossip;

/** The family of unchecked exceptions thrown by the gossip module. */
public class GossipException extends RuntimeException {
  public GossipException(String message) {
    super(message);
  }

  public GossipException(String message, Throwable cause) {
    super(message, cause);
  }
}
