package org.walkaway.sync.internal;

/** Bytes from a peer that are not a well-formed message. Caught at the session boundary. */
public final class WireException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public WireException(String message) {
    super(message, null, false, false);
  }
}
