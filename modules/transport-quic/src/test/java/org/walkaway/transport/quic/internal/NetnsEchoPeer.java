package org.walkaway.transport.quic.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.SplittableRandom;
import org.walkaway.core.SigningKey;
import org.walkaway.transport.quic.FrameStream;
import org.walkaway.transport.quic.NetworkId;
import org.walkaway.transport.quic.ProtocolId;
import org.walkaway.transport.quic.QuicEndpoint;
import org.walkaway.transport.quic.TransportConfig;

/**
 * A peer for {@link NetworkNamespaceTest}, run in its own JVM inside a network namespace:
 * {@code NetnsEchoPeer <bind address> <key seed> <network>}. Serves {@code echo/1}, prints
 * {@code LISTENING <port>} once bound and {@code PEER <hex>} for each inbound stream, and exits
 * when its standard input closes (the test holds it open).
 */
public final class NetnsEchoPeer {
  private NetnsEchoPeer() {}

  public static void main(String[] args) throws IOException {
    SigningKey key = SigningKey.generate(new SplittableRandom(Long.parseLong(args[1])));
    try (QuicEndpoint endpoint =
        QuicEndpoint.bind(key, NetworkId.of(args[2]), new InetSocketAddress(args[0], 0),
            TransportConfig.defaults())) {
      endpoint.handle(ProtocolId.of("echo/1"), NetnsEchoPeer::echo);
      System.out.println("LISTENING " + endpoint.localAddress().getPort());
      System.out.flush();
      while (System.in.read() >= 0) {
        // Wait for the test to let go of us.
      }
    }
  }

  private static void echo(FrameStream s) throws InterruptedException {
    System.out.println("PEER " + s.peer().toHex());
    System.out.flush();
    for (Optional<byte[]> f = s.receive(); f.isPresent(); f = s.receive()) {
      s.send(f.get());
    }
  }
}
