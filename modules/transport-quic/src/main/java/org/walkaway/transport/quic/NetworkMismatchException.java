package org.walkaway.transport.quic;

import java.net.InetSocketAddress;
import org.walkaway.core.PublicKey;

/**
 * The peer refused our network: its TLS stack answered our ALPN {@code walkaway/1/<network>} with
 * the alert {@code no_application_protocol}, so it serves a different network. The alert does not
 * say which one; no application byte was exchanged.
 */
public class NetworkMismatchException extends HandshakeFailedException {
  private final PublicKey peer;
  private final InetSocketAddress address;
  private final NetworkId ours;

  public NetworkMismatchException(PublicKey peer, InetSocketAddress address, NetworkId ours) {
    super("peer " + peer.toHex() + " at " + address + " speaks a different network, not ours ("
        + ours.name() + "): it refused the application protocol " + ours.alpn());
    this.peer = peer;
    this.address = address;
    this.ours = ours;
  }

  /** The identity the dial expected (not proven: the handshake stopped before that). */
  public PublicKey peer() {
    return peer;
  }

  public InetSocketAddress address() {
    return address;
  }

  /** Our network, the one the peer refused. */
  public NetworkId ours() {
    return ours;
  }
}
