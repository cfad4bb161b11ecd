package org.walkaway.transport.quic;

import java.time.Duration;

/**
 * Limits and timers of an endpoint. Start from {@link #defaults()} and change what you need with
 * the {@code with…} methods.
 *
 * @param maxFrameBytes largest frame payload accepted or sent; a bigger incoming frame resets only
 *     its stream with {@link StreamErrorCode#FRAME_TOO_LARGE}
 * @param dialTimeout how long a dial may take until the handshake completes
 * @param idleTimeout QUIC idle timeout: a connection without any packet for this long is closed
 * @param keepAliveInterval how often an otherwise idle connection sends a keep-alive datagram; must
 *     be shorter than {@code idleTimeout}, or {@link Duration#ZERO} for none
 * @param maxConnections connections (in and out) the endpoint holds at once
 * @param maxConnectionsPerPeer connections to one peer identity at once
 * @param maxStreamsPerConnection concurrent streams a peer may open on one connection (QUIC's
 *     stream credit)
 * @param receiveQueueFrames frames buffered per stream before reading from the network pauses
 * @param backoffBase first wait after a failed dial; doubles per consecutive failure
 * @param backoffMax longest wait between dial attempts to one address
 */
public record TransportConfig(
    int maxFrameBytes,
    Duration dialTimeout,
    Duration idleTimeout,
    Duration keepAliveInterval,
    int maxConnections,
    int maxConnectionsPerPeer,
    int maxStreamsPerConnection,
    int receiveQueueFrames,
    Duration backoffBase,
    Duration backoffMax) {

  /** Frames may not be larger than this whatever the config says (the length prefix is 4 bytes). */
  public static final int MAX_FRAME_LIMIT = 16 * 1024 * 1024;

  public TransportConfig {
    if (maxFrameBytes < 64 || maxFrameBytes > MAX_FRAME_LIMIT) {
      throw new IllegalArgumentException(
          "maxFrameBytes must be in [64, " + MAX_FRAME_LIMIT + "], got " + maxFrameBytes);
    }
    positive(dialTimeout, "dialTimeout");
    positive(idleTimeout, "idleTimeout");
    if (keepAliveInterval.isNegative()
        || (!keepAliveInterval.isZero() && keepAliveInterval.compareTo(idleTimeout) >= 0)) {
      throw new IllegalArgumentException(
          "keepAliveInterval must be zero or shorter than idleTimeout, got " + keepAliveInterval);
    }
    atLeastOne(maxConnections, "maxConnections");
    atLeastOne(maxConnectionsPerPeer, "maxConnectionsPerPeer");
    atLeastOne(maxStreamsPerConnection, "maxStreamsPerConnection");
    atLeastOne(receiveQueueFrames, "receiveQueueFrames");
    positive(backoffBase, "backoffBase");
    if (backoffMax.compareTo(backoffBase) < 0) {
      throw new IllegalArgumentException("backoffMax must be at least backoffBase");
    }
  }

  /** 1 MiB frames, 10 s dial, 30 s idle, 10 s keep-alive, 256 connections, 2 per peer, 100 streams. */
  public static TransportConfig defaults() {
    return new TransportConfig(
        1024 * 1024,
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofSeconds(10),
        256,
        2,
        100,
        64,
        Duration.ofSeconds(1),
        Duration.ofMinutes(5));
  }

  public TransportConfig withMaxFrameBytes(int value) {
    return new TransportConfig(value, dialTimeout, idleTimeout, keepAliveInterval, maxConnections,
        maxConnectionsPerPeer, maxStreamsPerConnection, receiveQueueFrames, backoffBase, backoffMax);
  }

  public TransportConfig withDialTimeout(Duration value) {
    return new TransportConfig(maxFrameBytes, value, idleTimeout, keepAliveInterval, maxConnections,
        maxConnectionsPerPeer, maxStreamsPerConnection, receiveQueueFrames, backoffBase, backoffMax);
  }

  public TransportConfig withIdleTimeout(Duration idle, Duration keepAlive) {
    return new TransportConfig(maxFrameBytes, dialTimeout, idle, keepAlive, maxConnections,
        maxConnectionsPerPeer, maxStreamsPerConnection, receiveQueueFrames, backoffBase, backoffMax);
  }

  public TransportConfig withConnectionLimits(int total, int perPeer, int streamsPerConnection) {
    return new TransportConfig(maxFrameBytes, dialTimeout, idleTimeout, keepAliveInterval, total,
        perPeer, streamsPerConnection, receiveQueueFrames, backoffBase, backoffMax);
  }

  public TransportConfig withBackoff(Duration base, Duration max) {
    return new TransportConfig(maxFrameBytes, dialTimeout, idleTimeout, keepAliveInterval,
        maxConnections, maxConnectionsPerPeer, maxStreamsPerConnection, receiveQueueFrames, base,
        max);
  }

  private static void positive(Duration d, String name) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
  }

  private static void atLeastOne(int value, String name) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, got " + value);
    }
  }
}
