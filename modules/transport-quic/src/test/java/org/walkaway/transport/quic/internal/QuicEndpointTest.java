package org.walkaway.transport.quic.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.walkaway.core.Bytes;
import org.walkaway.core.PublicKey;
import org.walkaway.core.SigningKey;
import org.walkaway.transport.quic.AddressBook;
import org.walkaway.transport.quic.Connection;
import org.walkaway.transport.quic.ConnectionClosedException;
import org.walkaway.transport.quic.ConnectionLimitException;
import org.walkaway.transport.quic.DialTimeoutException;
import org.walkaway.transport.quic.FrameStream;
import org.walkaway.transport.quic.FrameTooLargeException;
import org.walkaway.transport.quic.IdentityMismatchException;
import org.walkaway.transport.quic.NetworkId;
import org.walkaway.transport.quic.NetworkMismatchException;
import org.walkaway.transport.quic.PeerUnreachableException;
import org.walkaway.transport.quic.ProtocolId;
import org.walkaway.transport.quic.QuicEndpoint;
import org.walkaway.transport.quic.StreamErrorCode;
import org.walkaway.transport.quic.StreamResetException;
import org.walkaway.transport.quic.TransportConfig;
import org.walkaway.transport.quic.TransportException;

/** Real QUIC over 127.0.0.1: identity, framing, errors, limits, timeouts, shutdown. */
class QuicEndpointTest {
  static final NetworkId NET = NetworkId.of("test");
  static final ProtocolId ECHO = ProtocolId.of("echo/1");
  static final InetSocketAddress ANY_LOCAL = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  static final long WAIT = 10; // seconds; a bound on waits, never asserted on

  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeAll
  static void watchLeaks() {
    LeakWatch.install();
  }

  @AfterAll
  static void noLeaks() throws InterruptedException {
    assertEquals(List.of(), LeakWatch.leaks(), "Netty reported leaked buffers");
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
  }

  QuicEndpoint endpoint(SigningKey key, NetworkId net, TransportConfig config) {
    QuicEndpoint e = QuicEndpoint.bind(key, net, ANY_LOCAL, config);
    open.add(e);
    return e;
  }

  QuicEndpoint endpoint(SigningKey key) {
    return endpoint(key, NET, TransportConfig.defaults());
  }

  static SigningKey key(long seed) {
    return SigningKey.generate(new SplittableRandom(seed));
  }

  static void echo(FrameStream s) throws InterruptedException {
    for (Optional<byte[]> f = s.receive(); f.isPresent(); f = s.receive()) {
      s.send(f.get());
    }
  }

  static <T> T get(CompletableFuture<T> f) throws Exception {
    return f.get(WAIT, TimeUnit.SECONDS);
  }

  static Throwable failureOf(CompletableFuture<?> f) throws Exception {
    ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(WAIT, TimeUnit.SECONDS));
    return e.getCause();
  }

  @Test
  void connectsExchangesFramesAndIdentifiesTheInboundPeer() throws Exception {
    SigningKey a = key(1);
    SigningKey b = key(2);
    QuicEndpoint server = endpoint(b);
    CompletableFuture<PublicKey> seenPeer = new CompletableFuture<>();
    CompletableFuture<Bytes> seenTopic = new CompletableFuture<>();
    server.handle(ECHO, s -> {
      seenPeer.complete(s.peer());
      seenTopic.complete(s.topic());
      echo(s);
    });
    QuicEndpoint client = endpoint(a);

    Connection c = get(client.dial(b.publicKey(), server.localAddress()));
    assertEquals(b.publicKey(), c.peer());
    Bytes topic = Bytes.of("room-1".getBytes(StandardCharsets.UTF_8));
    try (FrameStream s = c.openStream(ECHO, topic)) {
      SplittableRandom random = new SplittableRandom(42);
      for (int i = 0; i < 50; i++) {
        byte[] frame = new byte[random.nextInt(0, 5000)];
        random.nextBytes(frame);
        s.send(frame);
        assertArrayEquals(frame, s.receive().orElseThrow(), "frame " + i + " (seed 42)");
      }
      s.finish();
      assertEquals(Optional.empty(), s.receive());
    }
    assertEquals(a.publicKey(), get(seenPeer));
    assertEquals(topic, get(seenTopic));
    assertEquals(a.publicKey(), server.connection(a.publicKey()).orElseThrow().peer());
    // One connection per peer pair: dialing again reuses it.
    assertTrue(c == get(client.dial(b.publicKey(), server.localAddress())));
  }

  @Test
  void manyFramesFlowThroughBackpressureToASlowerReader() throws Exception {
    SigningKey b = key(31);
    QuicEndpoint server = endpoint(b);
    server.handle(ProtocolId.of("count/1"), s -> {
      long n = 0;
      long bytes = 0;
      for (Optional<byte[]> f = s.receive(); f.isPresent(); f = s.receive()) {
        n++;
        bytes += f.get().length;
      }
      s.send(java.nio.ByteBuffer.allocate(16).putLong(n).putLong(bytes).array());
    });
    QuicEndpoint client = endpoint(key(32));
    Connection c = get(client.dial(b.publicKey(), server.localAddress()));
    int small = 30_000;
    int large = 300;
    try (FrameStream s = c.openStream(ProtocolId.of("count/1"), Bytes.EMPTY)) {
      for (int i = 0; i < small; i++) {
        s.send(new byte[256]);
      }
      for (int i = 0; i < large; i++) {
        s.send(new byte[64 * 1024]);
      }
      s.finish();
      java.nio.ByteBuffer reply = java.nio.ByteBuffer.wrap(s.receive().orElseThrow());
      assertEquals(small + large, reply.getLong());
      assertEquals(small * 256L + large * 65536L, reply.getLong());
    }
  }

  @Test
  void dialingAnExpectedIdentityFailsWhenThePeerProvesAnother() throws Exception {
    SigningKey real = key(3);
    SigningKey expected = key(4);
    QuicEndpoint server = endpoint(real);
    QuicEndpoint client = endpoint(key(5));

    Throwable failure = failureOf(client.dial(expected.publicKey(), server.localAddress()));

    IdentityMismatchException mismatch = assertInstanceOf(IdentityMismatchException.class, failure);
    assertEquals(expected.publicKey(), mismatch.expected());
    assertEquals(real.publicKey(), mismatch.actual());
    assertTrue(client.connections().isEmpty());
    assertEquals(1, client.addressBook().entries(expected.publicKey()).getFirst().failures());
  }

  @Test
  void endpointsOfDifferentNetworksCannotConnect() throws Exception {
    SigningKey b = key(6);
    // A dial timeout long enough (but shorter than WAIT) that the typed refusal can only come from
    // the peer's TLS alert: had the dial waited for its timeout, it would be DialTimeoutException.
    TransportConfig patient = TransportConfig.defaults().withDialTimeout(Duration.ofSeconds(8));
    QuicEndpoint server = endpoint(b, NetworkId.of("alpha"), patient);
    QuicEndpoint client = endpoint(key(7), NetworkId.of("beta"), patient);

    Throwable failure = failureOf(client.dial(b.publicKey(), server.localAddress()));

    NetworkMismatchException mismatch =
        assertInstanceOf(NetworkMismatchException.class, failure, "typed refusal, got " + failure);
    assertEquals(NetworkId.of("beta"), mismatch.ours());
    assertEquals(b.publicKey(), mismatch.peer());
    assertEquals(server.localAddress(), mismatch.address());
    System.out.println("dial across networks: " + failure);
    assertTrue(server.connections().isEmpty());
    assertTrue(client.connections().isEmpty());
  }

  @Test
  void anOversizeFrameResetsOnlyItsStream() throws Exception {
    SigningKey b = key(8);
    TransportConfig small = TransportConfig.defaults().withMaxFrameBytes(1024);
    QuicEndpoint server = endpoint(b, NET, small);
    CompletableFuture<Throwable> serverSaw = new CompletableFuture<>();
    server.handle(ProtocolId.of("sink/1"), s -> {
      try {
        while (s.receive().isPresent()) {
          // drain
        }
        serverSaw.complete(null);
      } catch (TransportException e) {
        serverSaw.complete(e);
      }
    });
    server.handle(ECHO, QuicEndpointTest::echo);
    QuicEndpoint client = endpoint(key(9), NET, small);
    Connection c = get(client.dial(b.publicKey(), server.localAddress()));

    NettyFrameStream bad = (NettyFrameStream) c.openStream(ProtocolId.of("sink/1"), Bytes.EMPTY);
    bad.writeFrame(new byte[2000]); // bypasses the sender's own check, like a broken peer

    StreamResetException onServer = assertInstanceOf(StreamResetException.class, get(serverSaw));
    assertEquals(Optional.of(StreamErrorCode.FRAME_TOO_LARGE), onServer.errorCode());
    TransportException onClient = assertThrows(TransportException.class, bad::receive);
    if (onClient instanceof StreamResetException reset) {
      assertEquals(Optional.of(StreamErrorCode.FRAME_TOO_LARGE), reset.errorCode());
    }
    bad.close();
    // The connection and other streams go on.
    assertTrue(c.isOpen());
    try (FrameStream good = c.openStream(ECHO, Bytes.EMPTY)) {
      good.send(new byte[] {1, 2, 3});
      assertArrayEquals(new byte[] {1, 2, 3}, good.receive().orElseThrow());
    }
    // The sender's own check refuses to send what the receiver would refuse.
    try (FrameStream s = c.openStream(ECHO, Bytes.EMPTY)) {
      FrameTooLargeException tooLarge =
          assertThrows(FrameTooLargeException.class, () -> s.send(new byte[1025]));
      assertEquals(1024, tooLarge.max());
    }
  }

  @Test
  void aStreamForAnUnknownProtocolIsResetWithThatReason() throws Exception {
    SigningKey b = key(10);
    QuicEndpoint server = endpoint(b);
    QuicEndpoint client = endpoint(key(11));
    Connection c = get(client.dial(b.publicKey(), server.localAddress()));

    try (FrameStream s = c.openStream(ProtocolId.of("nobody/1"), Bytes.EMPTY)) {
      TransportException e = assertThrows(TransportException.class, s::receive);
      if (e instanceof StreamResetException reset) {
        assertEquals(Optional.of(StreamErrorCode.UNKNOWN_PROTOCOL), reset.errorCode());
      }
    }
    assertTrue(c.isOpen());
  }

  @Test
  void aPeerThatDiesMidStreamFailsOnlyThatStreamAndTheNodeGoesOn() throws Exception {
    SigningKey b = key(12);
    QuicEndpoint dying = endpoint(b);
    CompletableFuture<Void> gotFirst = new CompletableFuture<>();
    dying.handle(ECHO, s -> {
      s.receive();
      gotFirst.complete(null);
      s.receive(); // blocks until the endpoint dies under it
    });
    SigningKey other = key(13);
    QuicEndpoint survivor = endpoint(other);
    survivor.handle(ECHO, QuicEndpointTest::echo);
    QuicEndpoint client = endpoint(key(14));
    Connection c = get(client.dial(b.publicKey(), dying.localAddress()));
    FrameStream s = c.openStream(ECHO, Bytes.EMPTY);
    s.send(new byte[] {1});
    get(gotFirst);

    dying.close();

    assertThrows(TransportException.class, s::receive);
    get(c.closed().toCompletableFuture());
    assertFalse(c.isOpen());
    s.close();
    // The client node still works with other peers.
    Connection d = get(client.dial(other.publicKey(), survivor.localAddress()));
    try (FrameStream t = d.openStream(ECHO, Bytes.EMPTY)) {
      t.send(new byte[] {7});
      assertArrayEquals(new byte[] {7}, t.receive().orElseThrow());
    }
  }

  @Test
  void aDialerThatDiesMidStreamFailsTheHandlersReceive() throws Exception {
    SigningKey b = key(15);
    QuicEndpoint server = endpoint(b);
    CompletableFuture<Throwable> handlerSaw = new CompletableFuture<>();
    server.handle(ECHO, s -> {
      try {
        echo(s);
        handlerSaw.complete(null);
      } catch (TransportException e) {
        handlerSaw.complete(e);
      }
    });
    QuicEndpoint client = endpoint(key(16));
    Connection c = get(client.dial(b.publicKey(), server.localAddress()));
    FrameStream s = c.openStream(ECHO, Bytes.EMPTY);
    s.send(new byte[] {1});
    s.receive();

    client.close();

    assertInstanceOf(TransportException.class, get(handlerSaw));
    // The server accepts new peers afterwards.
    QuicEndpoint next = endpoint(key(17));
    assertTrue(get(next.dial(b.publicKey(), server.localAddress())).isOpen());
  }

  @Test
  void streamsPerConnectionAreLimitedByTheReceiver() throws Exception {
    SigningKey b = key(18);
    QuicEndpoint server =
        endpoint(b, NET, TransportConfig.defaults().withConnectionLimits(16, 2, 2));
    server.handle(ECHO, QuicEndpointTest::echo);
    QuicEndpoint client = endpoint(key(19));
    Connection c = get(client.dial(b.publicKey(), server.localAddress()));

    FrameStream first = c.openStream(ECHO, Bytes.EMPTY);
    FrameStream second = c.openStream(ECHO, Bytes.EMPTY);
    assertThrows(ConnectionLimitException.class, () -> c.openStream(ECHO, Bytes.EMPTY));
    first.send(new byte[] {1});
    assertArrayEquals(new byte[] {1}, first.receive().orElseThrow());
    first.close();
    second.close();
  }

  @Test
  void simultaneousDialsLeaveOneConnectionInitiatedByTheLowerKey() throws Exception {
    for (int round = 0; round < 10; round++) {
      SigningKey a = key(100 + 2L * round);
      SigningKey b = key(101 + 2L * round);
      QuicEndpoint left = endpoint(a);
      QuicEndpoint right = endpoint(b);
      left.handle(ECHO, QuicEndpointTest::echo);
      right.handle(ECHO, QuicEndpointTest::echo);

      CompletableFuture<Connection> leftDial = left.dial(b.publicKey(), right.localAddress());
      CompletableFuture<Connection> rightDial = right.dial(a.publicKey(), left.localAddress());
      Connection fromLeft = get(leftDial);
      Connection fromRight = get(rightDial);

      String where =
          "round " + round + " (seeds " + (100 + 2 * round) + ", " + (101 + 2 * round) + ")";
      boolean leftIsLower = a.publicKey().compareTo(b.publicKey()) < 0;
      assertEquals(b.publicKey(), fromLeft.peer(), where);
      assertEquals(a.publicKey(), fromRight.peer(), where);
      assertEquals(leftIsLower, fromLeft.outbound(), where + ": the lower key's dial wins");
      assertEquals(!leftIsLower, fromRight.outbound(), where + ": the lower key's dial wins");
      assertTrue(left.connection(b.publicKey()).orElseThrow() == fromLeft, where);
      assertTrue(right.connection(a.publicKey()).orElseThrow() == fromRight, where);
      awaitSingleConnection(left, where);
      awaitSingleConnection(right, where);

      try (FrameStream s = fromLeft.openStream(ECHO, Bytes.of(new byte[] {1}))) {
        s.send(new byte[] {7});
        assertArrayEquals(new byte[] {7}, s.receive().orElseThrow(), where);
      }
      try (FrameStream s = fromRight.openStream(ECHO, Bytes.of(new byte[] {2}))) {
        s.send(new byte[] {8});
        assertArrayEquals(new byte[] {8}, s.receive().orElseThrow(), where);
      }
      for (AutoCloseable c : open.reversed()) {
        c.close();
      }
      open.clear();
    }
  }

  /** Waits (bounded, never asserted on time) for the losing connection, if any, to be closed. */
  static void awaitSingleConnection(QuicEndpoint endpoint, String where) throws Exception {
    for (Connection c : endpoint.connections()) {
      if (endpoint.connection(c.peer()).orElseThrow() != c) {
        get(c.closed().toCompletableFuture());
      }
    }
    assertEquals(1, endpoint.connections().size(), where + ": " + endpoint.connections());
  }

  @Test
  void connectionsPerPeerAreLimited() throws Exception {
    SigningKey b = key(20);
    QuicEndpoint server =
        endpoint(b, NET, TransportConfig.defaults().withConnectionLimits(16, 1, 10));
    SigningKey a = key(21);
    QuicEndpoint first = endpoint(a);
    QuicEndpoint sameIdentity = endpoint(a);

    assertTrue(get(first.dial(b.publicKey(), server.localAddress())).isOpen());
    CompletableFuture<?> second = sameIdentity.dial(b.publicKey(), server.localAddress());
    try {
      Connection c = (Connection) second.get(WAIT, TimeUnit.SECONDS);
      get(c.closed().toCompletableFuture()); // the server closes the extra connection
    } catch (ExecutionException e) {
      assertInstanceOf(TransportException.class, e.getCause());
    }
    assertEquals(1, server.connections().size());
  }

  @Test
  void aDialToASilentAddressTimesOutAndBacksOff() throws Exception {
    TransportConfig quick =
        TransportConfig.defaults()
            .withDialTimeout(Duration.ofMillis(400))
            .withBackoff(Duration.ofMinutes(1), Duration.ofMinutes(10));
    QuicEndpoint client = endpoint(key(22), NET, quick);
    PublicKey silent = key(23).publicKey();
    try (DatagramSocket blackHole = new DatagramSocket(ANY_LOCAL)) {
      InetSocketAddress address = (InetSocketAddress) blackHole.getLocalSocketAddress();
      assertInstanceOf(DialTimeoutException.class, failureOf(client.dial(silent, address)));

      AddressBook.Entry entry = client.addressBook().entries(silent).getFirst();
      assertEquals(1, entry.failures());
      assertEquals(List.of(), client.addressBook().dialable(silent));
      assertInstanceOf(PeerUnreachableException.class, failureOf(client.dial(silent)));
    }
  }

  @Test
  void dialingByIdentityUsesTheAddressBook() throws Exception {
    SigningKey b = key(24);
    QuicEndpoint server = endpoint(b);
    QuicEndpoint client = endpoint(key(25));
    client.addressBook().addBootstrap(b.publicKey(), server.localAddress());

    Connection c = get(client.dial(b.publicKey()));

    assertEquals(b.publicKey(), c.peer());
    assertTrue(client.addressBook().entries(b.publicKey()).getFirst().lastSeen().isPresent());
  }

  @Test
  void keepAliveHoldsAnIdleConnectionOpenAndWithoutItTheIdleTimeoutClosesIt() throws Exception {
    SigningKey b = key(26);
    QuicEndpoint server = endpoint(b);
    TransportConfig keptAlive =
        TransportConfig.defaults().withIdleTimeout(Duration.ofMillis(800), Duration.ofMillis(200));
    TransportConfig notKept =
        TransportConfig.defaults().withIdleTimeout(Duration.ofMillis(800), Duration.ZERO);
    QuicEndpoint alive = endpoint(key(27), NET, keptAlive);
    QuicEndpoint idle = endpoint(key(28), NET, notKept);
    Connection kept = get(alive.dial(b.publicKey(), server.localAddress()));
    Connection dropped = get(idle.dial(b.publicKey(), server.localAddress()));

    get(dropped.closed().toCompletableFuture()); // closes by itself after ~0.8 s of silence

    assertTrue(kept.isOpen(), "the kept-alive connection outlived the other's idle timeout");
  }

  @Test
  void closingAnEndpointClosesItsConnectionsAndRefusesDials() throws Exception {
    SigningKey b = key(29);
    QuicEndpoint server = endpoint(b);
    QuicEndpoint client = QuicEndpoint.bind(key(30), NET, ANY_LOCAL, TransportConfig.defaults());
    Connection c = get(client.dial(b.publicKey(), server.localAddress()));

    client.close();
    client.close(); // idempotent

    assertFalse(c.isOpen());
    assertTrue(client.connections().isEmpty());
    assertInstanceOf(
        ConnectionClosedException.class,
        failureOf(client.dial(b.publicKey(), server.localAddress())));
  }
}
