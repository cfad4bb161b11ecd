package org.walkaway.transport.quic;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;
import org.walkaway.core.Bytes;
import org.walkaway.core.PublicKey;

/**
 * An authenticated QUIC connection to one peer. Streams are multiplexed over it, one per protocol
 * and topic (or more, if the protocol wants).
 */
public interface Connection extends AutoCloseable {
  /** The peer's Ed25519 identity, proven in the handshake. */
  PublicKey peer();

  InetSocketAddress remoteAddress();

  /** Whether this side dialed. */
  boolean outbound();

  boolean isOpen();

  /**
   * Opens a stream whose header names {@code protocol} and {@code topic} (at most 255 bytes).
   *
   * @throws ConnectionLimitException if the peer's stream credit is used up
   * @throws ConnectionClosedException if the connection is closed
   */
  FrameStream openStream(ProtocolId protocol, Bytes topic) throws InterruptedException;

  /** Completes when the connection is closed, by either side or by the idle timeout. */
  CompletionStage<Void> closed();

  /** Closes the connection and all its streams. Idempotent. */
  @Override
  void close();
}
