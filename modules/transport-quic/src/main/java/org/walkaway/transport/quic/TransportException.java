package org.walkaway.transport.quic;

import org.walkaway.core.WalkawayCoreException;

/**
 * Something failed in the transport: a dial, a handshake, a stream. The unchecked exception family
 * of this module; subclasses say what exactly.
 */
public class TransportException extends WalkawayCoreException {
  public TransportException(String message) {
    super(message);
  }

  public TransportException(String message, Throwable cause) {
    super(message, cause);
  }
}
