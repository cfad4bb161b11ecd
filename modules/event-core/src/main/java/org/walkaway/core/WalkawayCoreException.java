package org.walkaway.core;

/** The family of unchecked exceptions thrown by event-core. */
public class WalkawayCoreException extends RuntimeException {
  public WalkawayCoreException(String message) {
    super(message);
  }

  public WalkawayCoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
