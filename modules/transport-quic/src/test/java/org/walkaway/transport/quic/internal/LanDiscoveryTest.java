package org.walkaway.transport.quic.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.walkaway.core.SigningKey;
import org.walkaway.transport.quic.AddressBook;
import org.walkaway.transport.quic.LanDiscovery;
import org.walkaway.transport.quic.NetworkId;
import org.walkaway.transport.quic.QuicEndpoint;
import org.walkaway.transport.quic.SignedAddressRecord;
import org.walkaway.transport.quic.TransportConfig;

/** Signed address records in mDNS TXT properties, and (where multicast works) live discovery. */
class LanDiscoveryTest {
  static final NetworkId NET = NetworkId.of("test");

  @org.junit.jupiter.api.BeforeAll
  static void watchLeaks() {
    LeakWatch.install();
  }

  @org.junit.jupiter.api.AfterAll
  static void noLeaks() throws InterruptedException {
    assertEquals(List.of(), LeakWatch.leaks(), "Netty reported leaked buffers");
  }

  static SigningKey key(long seed) {
    return SigningKey.generate(new SplittableRandom(seed));
  }

  @Test
  void aRecordSurvivesTheTxtPropertiesAndTheBookAcceptsIt() throws Exception {
    SigningKey peer = key(1);
    SignedAddressRecord record =
        SignedAddressRecord.sign(
            peer, NET,
            List.of(new InetSocketAddress(InetAddress.getByName("192.168.1.20"), 4433),
                new InetSocketAddress(InetAddress.getByName("fe80::1"), 4433)),
            Instant.parse("2026-11-22T00:00:00Z"));

    Map<String, byte[]> txt = MdnsTxt.encode(record);

    for (Map.Entry<String, byte[]> e : txt.entrySet()) {
      assertTrue(e.getKey().length() + 1 + e.getValue().length <= 255, "a TXT string fits");
    }
    SignedAddressRecord decoded = MdnsTxt.decode(txt::get).orElseThrow();
    assertEquals(record, decoded);
    AddressBook book = new AddressBook(Clock.systemUTC(), java.time.Duration.ofSeconds(1),
        java.time.Duration.ofMinutes(1));
    assertTrue(book.accept(decoded, NET));
  }

  @Test
  void aTamperedAnnouncementIsNotAccepted() throws Exception {
    SigningKey peer = key(2);
    SignedAddressRecord record =
        SignedAddressRecord.sign(
            peer, NET, List.of(new InetSocketAddress(InetAddress.getByName("192.168.1.20"), 4433)),
            Instant.parse("2026-11-22T00:00:00Z"));
    Map<String, byte[]> txt = new HashMap<>(MdnsTxt.encode(record));
    byte[] first = txt.get("r0").clone();
    first[first.length - 70] ^= 1; // inside the addresses, before the signature
    txt.put("r0", first);

    AddressBook book = new AddressBook(Clock.systemUTC(), java.time.Duration.ofSeconds(1),
        java.time.Duration.ofMinutes(1));
    assertFalse(MdnsTxt.decode(txt::get).map(r -> book.accept(r, NET)).orElse(false));
    assertFalse(MdnsTxt.decode(Map.<String, byte[]>of()::get).isPresent());
  }

  @Test
  void twoEndpointsFindEachOtherOnLoopbackWhereMulticastWorks() throws Exception {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    InetSocketAddress local = new InetSocketAddress(loopback, 0);
    SigningKey a = key(3);
    SigningKey b = key(4);
    try (QuicEndpoint ea = QuicEndpoint.bind(a, NET, local, TransportConfig.defaults());
        QuicEndpoint eb = QuicEndpoint.bind(b, NET, local, TransportConfig.defaults())) {
      LanDiscovery da;
      LanDiscovery db;
      try {
        da = LanDiscovery.start(ea, a, loopback, Clock.systemUTC());
      } catch (RuntimeException e) {
        Assumptions.abort("mDNS cannot start on loopback here: " + e);
        return;
      }
      try (da; LanDiscovery dbClosed = db = LanDiscovery.start(eb, b, loopback, Clock.systemUTC())) {
        for (int i = 0; i < 50 && (da.acceptedRecords() == 0 || db.acceptedRecords() == 0); i++) {
          Thread.sleep(100);
        }
        Assumptions.assumeTrue(
            da.acceptedRecords() > 0 && db.acceptedRecords() > 0,
            "multicast on loopback delivered nothing within 5 s here");
        assertEquals(
            List.of(new InetSocketAddress(loopback, eb.localAddress().getPort())),
            ea.addressBook().dialable(b.publicKey()));
        assertTrue(ea.dial(b.publicKey()).get(10, java.util.concurrent.TimeUnit.SECONDS).isOpen());
      }
    }
  }
}
