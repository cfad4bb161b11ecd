package org.walkaway.transport.quic;

import java.time.Duration;

/** No handshake completed within the configured dial timeout. */
public class DialTimeoutException extends TransportException {
  public DialTimeoutException(String target, Duration timeout) {
    super("dialing " + target + " timed out after " + timeout.toMillis() + " ms");
  }
}
