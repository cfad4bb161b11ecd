package org.walkaway.transport.quic;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.walkaway.core.Bytes;
import org.walkaway.core.PublicKey;
import org.walkaway.core.SigningKey;
import org.walkaway.transport.quic.internal.NettyQuicEndpoint;

/**
 * A node's QUIC presence: one UDP port that accepts connections, and dials out.
 *
 * <p>Every connection is mutually authenticated: each side's TLS certificate key is its Ed25519
 * identity, so the handshake itself proves possession of the key. A dial names the identity it
 * expects and fails with {@link IdentityMismatchException} if the peer proves another one; an
 * inbound peer is known by the key it proved ({@link Connection#peer()}). The network id is in
 * the ALPN, so endpoints of different networks cannot connect.
 *
 * <pre>{@code
 * try (QuicEndpoint endpoint = QuicEndpoint.bind(key, NetworkId.of("main"),
 *     new InetSocketAddress("127.0.0.1", 0), TransportConfig.defaults())) {
 *   endpoint.handle(ProtocolId.of("echo/1"), stream -> {
 *     for (var f = stream.receive(); f.isPresent(); f = stream.receive()) stream.send(f.get());
 *   });
 *   Connection c = endpoint.dial(peerId, peerAddress).join();
 *   try (FrameStream s = c.openStream(ProtocolId.of("echo/1"), Bytes.EMPTY)) { ... }
 * }
 * }</pre>
 */
public interface QuicEndpoint extends AutoCloseable {
  /** The protocol id the relay uses; applications cannot register a handler for it. */
  ProtocolId RELAY_PROTOCOL = ProtocolId.of("walkaway/relay/1");

  /**
   * Binds a UDP socket at {@code address} (port 0 picks one) and starts accepting connections.
   *
   * @throws TransportException if the socket cannot be bound or QUIC is unavailable here
   */
  static QuicEndpoint bind(
      SigningKey identity, NetworkId network, InetSocketAddress address, TransportConfig config) {
    return NettyQuicEndpoint.bind(identity, network, address, config, false);
  }

  PublicKey identity();

  NetworkId network();

  TransportConfig config();

  /** Where the endpoint listens; the actual port when bound to port 0. */
  InetSocketAddress localAddress();

  /**
   * Serves streams that peers open with {@code protocol}: each runs {@code handler} on its own
   * virtual thread. Replaces an earlier handler for the same protocol. Streams for a protocol
   * without a handler are reset with {@link StreamErrorCode#UNKNOWN_PROTOCOL}.
   */
  void handle(ProtocolId protocol, StreamHandler handler);

  /**
   * A connection to {@code expected} at {@code address}: an open one if there is one (in either
   * direction), else a new one. Fails with {@link IdentityMismatchException}, {@link
   * DialTimeoutException}, {@link HandshakeFailedException} or {@link ConnectionLimitException}.
   * The result is recorded in the {@link #addressBook()}.
   */
  CompletableFuture<Connection> dial(PublicKey expected, InetSocketAddress address);

  /**
   * A connection to {@code peer} using the addresses in the {@link #addressBook()} that are not
   * backing off, most recently seen first. Fails with {@link PeerUnreachableException} if none
   * can be tried now.
   */
  CompletableFuture<Connection> dial(PublicKey peer);

  /** The open connection to {@code peer}, if any. */
  Optional<Connection> connection(PublicKey peer);

  /** The open connections. */
  List<Connection> connections();

  AddressBook addressBook();

  /**
   * Opens a stream to {@code target} through a relay this endpoint is connected to. The relay
   * forwards opaque frames; this endpoint and the target authenticate each other end to end
   * (Ed25519 signatures over an X25519 exchange) and encrypt every frame, so the relay learns
   * who talks to whom, when and how much, but not what, and cannot impersonate either side.
   *
   * @throws StreamResetException with {@link StreamErrorCode#PEER_UNREACHABLE} if the relay has
   *     no connection to the target, or {@link StreamErrorCode#RELAY_HANDSHAKE_FAILED} if the
   *     end-to-end handshake fails
   */
  FrameStream openRelayed(Connection relay, PublicKey target, ProtocolId protocol, Bytes topic)
      throws InterruptedException;

  /** Closes every connection, then the socket and the threads. Idempotent. */
  @Override
  void close();
}
