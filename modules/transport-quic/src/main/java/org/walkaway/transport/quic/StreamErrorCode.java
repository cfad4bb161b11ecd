package org.walkaway.transport.quic;

import java.util.Optional;

/**
 * Why a stream was reset. The code travels in QUIC's RESET_STREAM/STOP_SENDING frames, so the
 * peer learns why its stream ended; only that stream ends, never the connection or the node.
 */
public enum StreamErrorCode {
  /** A frame's length prefix exceeded the receiver's maximum frame size. */
  FRAME_TOO_LARGE(0x101),
  /** The stream header (protocol and topic) was malformed. */
  BAD_HEADER(0x102),
  /** No handler is registered for the stream's protocol. */
  UNKNOWN_PROTOCOL(0x103),
  /** The handler for the stream failed or returned without reading to the end. */
  HANDLER_FAILED(0x104),
  /** The relay could not reach the requested peer. */
  PEER_UNREACHABLE(0x105),
  /** The end-to-end handshake over a relay failed (wrong identity or bad signature). */
  RELAY_HANDSHAKE_FAILED(0x106),
  /** The application closed the stream before the end. */
  CANCELLED(0x107);

  private final int code;

  StreamErrorCode(int code) {
    this.code = code;
  }

  /** The application error code on the wire. */
  public int code() {
    return code;
  }

  /** The code with this wire value, if it is one of ours. */
  public static Optional<StreamErrorCode> fromCode(long code) {
    for (StreamErrorCode c : values()) {
      if (c.code == code) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
