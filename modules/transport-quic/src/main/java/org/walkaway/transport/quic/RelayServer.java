package org.walkaway.transport.quic;

import java.net.InetSocketAddress;
import org.walkaway.core.PublicKey;
import org.walkaway.core.SigningKey;
import org.walkaway.transport.quic.internal.NettyQuicEndpoint;

/**
 * A small server that forwards frames between two peers that cannot reach each other.
 *
 * <p>Peers connect to the relay like to any endpoint (so the relay knows their identities). A
 * peer asks for another by its key ({@link QuicEndpoint#openRelayed}); the relay opens a stream
 * to that peer, if connected, and copies frames both ways. The frames are encrypted end to end
 * by the two peers, who also authenticate each other, so the relay holds no key of theirs, keeps
 * no record of content and stores nothing. It learns who talks to whom, when, and how much.
 */
public final class RelayServer implements AutoCloseable {
  private final QuicEndpoint endpoint;

  private RelayServer(QuicEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  /**
   * Starts a relay at {@code address}. Its own key only authenticates the relay to the peers;
   * it is not used for the relayed traffic.
   */
  public static RelayServer start(
      SigningKey relayIdentity,
      NetworkId network,
      InetSocketAddress address,
      TransportConfig config) {
    return new RelayServer(NettyQuicEndpoint.bind(relayIdentity, network, address, config, true));
  }

  public PublicKey identity() {
    return endpoint.identity();
  }

  public InetSocketAddress localAddress() {
    return endpoint.localAddress();
  }

  /** How many peers are connected now. */
  public int connectedPeers() {
    return endpoint.connections().size();
  }

  @Override
  public void close() {
    endpoint.close();
  }
}
