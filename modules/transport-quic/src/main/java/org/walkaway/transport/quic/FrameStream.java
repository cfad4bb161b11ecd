package org.walkaway.transport.quic;

import java.util.Optional;
import org.walkaway.core.Bytes;
import org.walkaway.core.PublicKey;

/**
 * One bidirectional stream of length-prefixed frames with one peer, for one protocol and topic.
 *
 * <p>Blocking, meant for virtual threads: {@link #send} waits while the network cannot take more,
 * {@link #receive} waits for the next frame. One thread may send while another receives; two
 * threads must not send (or receive) at the same time.
 *
 * <p>A frame larger than the receiver's maximum resets this stream with {@link
 * StreamErrorCode#FRAME_TOO_LARGE}; the connection and other streams go on.
 */
public interface FrameStream extends AutoCloseable {
  /** The authenticated identity of the peer at the other end. */
  PublicKey peer();

  ProtocolId protocol();

  Bytes topic();

  /**
   * Sends one frame.
   *
   * @throws FrameTooLargeException if {@code frame} exceeds the maximum frame size
   * @throws StreamResetException if the stream was reset
   * @throws ConnectionClosedException if the stream or its connection is closed
   */
  void send(byte[] frame) throws InterruptedException;

  /**
   * The next frame, or empty when the peer finished its side cleanly.
   *
   * @throws StreamResetException if the stream was reset by either side (for example after an
   *     oversize frame)
   * @throws ConnectionClosedException if the connection died before the peer finished
   */
  Optional<byte[]> receive() throws InterruptedException;

  /** Finishes the sending side: the peer's {@link #receive()} returns empty after the last frame. */
  void finish();

  /** Resets both directions with {@code code}; the peer sees a {@link StreamResetException}. */
  void reset(StreamErrorCode code);

  /** Finishes sending if not yet done and stops receiving. Idempotent. */
  @Override
  void close();
}
