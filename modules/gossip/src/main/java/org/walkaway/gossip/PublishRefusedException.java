package org.walkaway.gossip;

import java.util.Objects;

/** Thrown by {@link PublishResult#orElseThrow()} when a payload was not published. */
public final class PublishRefusedException extends GossipException {
  private final transient PublishError error;

  public PublishRefusedException(PublishError error) {
    super(Objects.requireNonNull(error, "error").toString());
    this.error = error;
  }

  public PublishError error() {
    return error;
  }
}
