package org.walkaway.transport.quic;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceEvent;
import javax.jmdns.ServiceInfo;
import javax.jmdns.ServiceListener;
import org.walkaway.core.SigningKey;
import org.walkaway.transport.quic.internal.MdnsTxt;

/**
 * Finds peers on the local network by mDNS/DNS-SD (jmdns): announces this endpoint as a
 * {@value #SERVICE_TYPE} service whose TXT properties carry a {@link SignedAddressRecord}, and
 * feeds every announced record it hears into the endpoint's {@link AddressBook}, which accepts
 * it only if the signature holds and the network matches. A forged or replayed announcement is
 * therefore ignored; nothing on the LAN can redirect a peer's traffic.
 *
 * <p>Multicast must work on the chosen interface; on loopback it usually does not (the tests
 * check the record encoding and the address book without multicast).
 */
public final class LanDiscovery implements AutoCloseable {
  public static final String SERVICE_TYPE = "_walkaway._udp.local.";

  private final JmDNS mdns;
  private final AtomicInteger accepted = new AtomicInteger();

  private LanDiscovery(JmDNS mdns) {
    this.mdns = mdns;
  }

  /**
   * Starts announcing {@code endpoint} at {@code lanAddress} (and its port) and listening for
   * other peers' announcements.
   *
   * @param identity the endpoint's identity key, which signs the announced record
   * @throws TransportException if mDNS cannot start on that address
   */
  public static LanDiscovery start(
      QuicEndpoint endpoint, SigningKey identity, InetAddress lanAddress, InstantSource clock) {
    if (!identity.publicKey().equals(endpoint.identity())) {
      throw new IllegalArgumentException("the identity must be the endpoint's own key");
    }
    SignedAddressRecord record =
        SignedAddressRecord.sign(
            identity,
            endpoint.network(),
            List.of(new InetSocketAddress(lanAddress, endpoint.localAddress().getPort())),
            clock.instant());
    try {
      JmDNS mdns = JmDNS.create(lanAddress, "walkaway-" + endpoint.identity().toHex().substring(0, 12));
      LanDiscovery discovery = new LanDiscovery(mdns);
      mdns.addServiceListener(SERVICE_TYPE, discovery.listener(endpoint));
      mdns.registerService(
          ServiceInfo.create(
              SERVICE_TYPE,
              "wa-" + endpoint.identity().toHex().substring(0, 32),
              endpoint.localAddress().getPort(),
              0,
              0,
              MdnsTxt.encode(record)));
      return discovery;
    } catch (IOException e) {
      throw new TransportException("cannot start mDNS on " + lanAddress + ": " + e, e);
    }
  }

  private ServiceListener listener(QuicEndpoint endpoint) {
    return new ServiceListener() {
      @Override
      public void serviceAdded(ServiceEvent event) {
        mdns.requestServiceInfo(event.getType(), event.getName(), 1000);
      }

      @Override
      public void serviceRemoved(ServiceEvent event) {
        // Addresses stay in the book; failures and back-off age them out of use.
      }

      @Override
      public void serviceResolved(ServiceEvent event) {
        MdnsTxt.decode(event.getInfo()::getPropertyBytes)
            .filter(r -> !r.peer().equals(endpoint.identity()))
            .filter(r -> endpoint.addressBook().accept(r, endpoint.network()))
            .ifPresent(r -> accepted.incrementAndGet());
      }
    };
  }

  /** How many announced records the address book accepted so far. */
  public int acceptedRecords() {
    return accepted.get();
  }

  /** Withdraws the announcement and stops listening. */
  @Override
  public void close() {
    try {
      mdns.unregisterAllServices();
      mdns.close();
    } catch (IOException e) {
      throw new TransportException("closing mDNS failed: " + e, e);
    }
  }
}
