package org.walkaway.transport.quic;

/** No address of the peer can be tried now: none known, or all of them are backing off after failures. */
public class PeerUnreachableException extends TransportException {
  public PeerUnreachableException(String message) {
    super(message);
  }
}
