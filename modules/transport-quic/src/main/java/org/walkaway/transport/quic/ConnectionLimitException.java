package org.walkaway.transport.quic;

/** A limit on connections or streams was reached. */
public class ConnectionLimitException extends TransportException {
  public ConnectionLimitException(String message) {
    super(message);
  }
}
