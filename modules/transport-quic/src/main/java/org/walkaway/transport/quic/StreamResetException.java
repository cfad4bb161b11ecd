package org.walkaway.transport.quic;

import java.util.Optional;

/** The stream ended with an error: reset by the peer, or by this side after a bad frame. */
public class StreamResetException extends TransportException {
  private final long code;

  public StreamResetException(String message, long code) {
    super(message + " (stream error code 0x" + Long.toHexString(code) + ")");
    this.code = code;
  }

  /** The application error code on the wire. */
  public long code() {
    return code;
  }

  /** The code as one of ours, if it is. */
  public Optional<StreamErrorCode> errorCode() {
    return StreamErrorCode.fromCode(code);
  }
}
