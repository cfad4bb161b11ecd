package org.walkaway.transport.quic;

/** The connection or endpoint is closed. */
public class ConnectionClosedException extends TransportException {
  public ConnectionClosedException(String message) {
    super(message);
  }

  public ConnectionClosedException(String message, Throwable cause) {
    super(message, cause);
  }
}
