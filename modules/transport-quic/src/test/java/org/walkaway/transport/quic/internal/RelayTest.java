package org.walkaway.transport.quic.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.walkaway.core.Bytes;
import org.walkaway.core.PublicKey;
import org.walkaway.core.SigningKey;
import org.walkaway.transport.quic.Connection;
import org.walkaway.transport.quic.FrameStream;
import org.walkaway.transport.quic.NetworkId;
import org.walkaway.transport.quic.ProtocolId;
import org.walkaway.transport.quic.QuicEndpoint;
import org.walkaway.transport.quic.RelayServer;
import org.walkaway.transport.quic.StreamErrorCode;
import org.walkaway.transport.quic.StreamResetException;
import org.walkaway.transport.quic.TransportConfig;
import org.walkaway.transport.quic.TransportException;

/**
 * A relay-only path: A and B each reach only the relay, yet talk to each other, authenticated and
 * encrypted end to end.
 */
class RelayTest {
  static final NetworkId NET = NetworkId.of("test");
  static final ProtocolId CHAT = ProtocolId.of("chat/1");
  static final InetSocketAddress LOCAL = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

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

  static SigningKey key(long seed) {
    return SigningKey.generate(new SplittableRandom(seed));
  }

  <T extends AutoCloseable> T track(T t) {
    open.add(t);
    return t;
  }

  @Test
  void twoPeersTalkThroughARelayAndAuthenticateEachOtherEndToEnd() throws Exception {
    SigningKey relayKey = key(100);
    SigningKey a = key(101);
    SigningKey b = key(102);
    RelayServer relay = track(RelayServer.start(relayKey, NET, LOCAL, TransportConfig.defaults()));
    QuicEndpoint alice = track(QuicEndpoint.bind(a, NET, LOCAL, TransportConfig.defaults()));
    QuicEndpoint bob = track(QuicEndpoint.bind(b, NET, LOCAL, TransportConfig.defaults()));
    CompletableFuture<PublicKey> bobSaw = new CompletableFuture<>();
    CompletableFuture<Bytes> bobTopic = new CompletableFuture<>();
    bob.handle(CHAT, s -> {
      bobSaw.complete(s.peer());
      bobTopic.complete(s.topic());
      for (Optional<byte[]> f = s.receive(); f.isPresent(); f = s.receive()) {
        byte[] reply = new byte[4 + f.get().length];
        System.arraycopy("re: ".getBytes(StandardCharsets.US_ASCII), 0, reply, 0, 4);
        System.arraycopy(f.get(), 0, reply, 4, f.get().length);
        s.send(reply);
      }
    });
    // Both reach only the relay.
    Connection aliceToRelay = alice.dial(relayKey.publicKey(), relay.localAddress()).get(10, TimeUnit.SECONDS);
    bob.dial(relayKey.publicKey(), relay.localAddress()).get(10, TimeUnit.SECONDS);
    awaitPeers(relay, 2);

    Bytes topic = Bytes.of("room".getBytes(StandardCharsets.UTF_8));
    try (FrameStream s = alice.openRelayed(aliceToRelay, b.publicKey(), CHAT, topic)) {
      assertEquals(b.publicKey(), s.peer());
      for (int i = 0; i < 20; i++) {
        s.send(("hello " + i).getBytes(StandardCharsets.UTF_8));
        assertEquals("re: hello " + i, new String(s.receive().orElseThrow(), StandardCharsets.UTF_8));
      }
      byte[] big = new byte[200_000];
      new SplittableRandom(7).nextBytes(big);
      s.send(big);
      byte[] back = s.receive().orElseThrow();
      assertArrayEquals(big, java.util.Arrays.copyOfRange(back, 4, back.length));
      s.finish();
      assertEquals(Optional.empty(), s.receive());
    }
    assertEquals(a.publicKey(), bobSaw.get(10, TimeUnit.SECONDS));
    assertEquals(topic, bobTopic.get(10, TimeUnit.SECONDS));
    assertEquals(0, alice.connection(b.publicKey()).map(c -> 1).orElse(0), "no direct connection");
  }

  @Test
  void aRelayedStreamToAPeerTheRelayCannotReachIsResetWithThatReason() throws Exception {
    SigningKey relayKey = key(103);
    RelayServer relay = track(RelayServer.start(relayKey, NET, LOCAL, TransportConfig.defaults()));
    QuicEndpoint alice = track(QuicEndpoint.bind(key(104), NET, LOCAL, TransportConfig.defaults()));
    Connection toRelay = alice.dial(relayKey.publicKey(), relay.localAddress()).get(10, TimeUnit.SECONDS);

    StreamResetException e =
        assertThrows(
            StreamResetException.class,
            () -> alice.openRelayed(toRelay, key(105).publicKey(), CHAT, Bytes.EMPTY));
    assertEquals(Optional.of(StreamErrorCode.PEER_UNREACHABLE), e.errorCode());
  }

  @Test
  void aResponderThatCannotProveTheExpectedIdentityFailsTheRelayedHandshake() throws Exception {
    // Bob is connected to the relay, but Alice asks for Bob while Bob's key is not the one she
    // named: simulated by a relay that routes by a key whose owner is someone else. Here the
    // relay routes faithfully, so we check the other direction: the handshake code rejects a
    // transcript signed by the wrong key.
    SigningKey relayKey = key(106);
    SigningKey b = key(107);
    RelayServer relay = track(RelayServer.start(relayKey, NET, LOCAL, TransportConfig.defaults()));
    QuicEndpoint alice = track(QuicEndpoint.bind(key(108), NET, LOCAL, TransportConfig.defaults()));
    QuicEndpoint bob = track(QuicEndpoint.bind(b, NET, LOCAL, TransportConfig.defaults()));
    bob.handle(CHAT, s -> s.receive());
    Connection toRelay = alice.dial(relayKey.publicKey(), relay.localAddress()).get(10, TimeUnit.SECONDS);
    bob.dial(relayKey.publicKey(), relay.localAddress()).get(10, TimeUnit.SECONDS);
    awaitPeers(relay, 2);
    NettyFrameStream raw =
        ((NettyConnection) toRelay).openRaw(QuicEndpoint.RELAY_PROTOCOL, b.publicKey().bytes());

    // Alice expects an impostor's key at the end of the route that reaches Bob.
    TransportException e =
        assertThrows(
            TransportException.class,
            () -> SecureFrameStream.initiate(key(108), key(109).publicKey(), raw));
    assertEquals(
        Optional.of(StreamErrorCode.RELAY_HANDSHAKE_FAILED),
        ((StreamResetException) e).errorCode());
    raw.close();
  }

  /**
   * A dial completes on the client when its handshake does; the relay registers the peer a moment
   * later, on its own event loop. Asking for a route before then is (correctly) PEER_UNREACHABLE.
   */
  private static void awaitPeers(RelayServer relay, int peers) throws InterruptedException {
    for (int i = 0; i < 500 && relay.connectedPeers() < peers; i++) {
      Thread.sleep(10);
    }
    assertEquals(peers, relay.connectedPeers(), "peers registered at the relay");
  }
}
