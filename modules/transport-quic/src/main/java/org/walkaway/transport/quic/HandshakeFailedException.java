package org.walkaway.transport.quic;

/** The QUIC/TLS handshake failed: a different network (ALPN), an invalid certificate, or the peer went away. */
public class HandshakeFailedException extends TransportException {
  public HandshakeFailedException(String message, Throwable cause) {
    super(message, cause);
  }

  public HandshakeFailedException(String message) {
    super(message);
  }
}
