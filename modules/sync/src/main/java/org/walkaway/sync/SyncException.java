package org.walkaway.sync;


/** Infrastructure failure in sync (a bundle file that cannot be read or written): not a peer's fault. */
public class SyncException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SyncException(String message) {
    super(message);
  }

  public SyncException(String message, Throwable cause) {
    super(message, cause);
  }
}
