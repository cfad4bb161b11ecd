package org.walkaway.transport.quic.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.walkaway.core.Bytes;
import org.walkaway.core.SigningKey;
import org.walkaway.transport.quic.Connection;
import org.walkaway.transport.quic.ConnectionClosedException;
import org.walkaway.transport.quic.FrameStream;
import org.walkaway.transport.quic.NetworkId;
import org.walkaway.transport.quic.ProtocolId;
import org.walkaway.transport.quic.QuicEndpoint;
import org.walkaway.transport.quic.TransportConfig;

/**
 * The end of a stream never overtakes its frames: every frame sent before {@code finish()} (or
 * {@code close()}) arrives, whole and in order, before the peer's {@code receive()} reports the
 * end, however the sender, the event loop and flow control interleave.
 */
class StreamEndOrderingTest {
  static final NetworkId NET = NetworkId.of("test");
  static final ProtocolId RECORD = ProtocolId.of("record/1");
  static final InetSocketAddress ANY_LOCAL = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  static final long WAIT = 20; // seconds; a bound on waits, never asserted on

  /** What the receiving handler saw on one stream: the frames, then how the stream ended. */
  record Received(List<byte[]> frames, Optional<Exception> failure) {}

  private final List<AutoCloseable> open = new ArrayList<>();
  private final Map<Bytes, CompletableFuture<Received>> received = new ConcurrentHashMap<>();
  private final Map<Bytes, CountDownLatch> readGates = new ConcurrentHashMap<>();

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

  /** A client connected to a server whose "record/1" handler records each stream by topic. */
  Connection connect(long seed, int receiveQueueFrames) throws Exception {
    TransportConfig d = TransportConfig.defaults();
    TransportConfig config = new TransportConfig(d.maxFrameBytes(), d.dialTimeout(),
        d.idleTimeout(), d.keepAliveInterval(), d.maxConnections(), d.maxConnectionsPerPeer(),
        d.maxStreamsPerConnection(), receiveQueueFrames, d.backoffBase(), d.backoffMax());
    SigningKey serverKey = SigningKey.generate(new SplittableRandom(seed));
    QuicEndpoint server = QuicEndpoint.bind(serverKey, NET, ANY_LOCAL, config);
    open.add(server);
    server.handle(RECORD, s -> {
      CompletableFuture<Received> result = received.computeIfAbsent(s.topic(), t -> new CompletableFuture<>());
      CountDownLatch gate = readGates.get(s.topic());
      if (gate != null) {
        gate.await(WAIT, TimeUnit.SECONDS); // a slow reader: nothing is read until the sender is done
      }
      List<byte[]> frames = new ArrayList<>();
      try {
        for (Optional<byte[]> f = s.receive(); f.isPresent(); f = s.receive()) {
          frames.add(f.get());
        }
        result.complete(new Received(frames, Optional.empty()));
      } catch (RuntimeException e) {
        result.complete(new Received(frames, Optional.of(e)));
      }
    });
    QuicEndpoint client =
        QuicEndpoint.bind(SigningKey.generate(new SplittableRandom(seed + 1)), NET, ANY_LOCAL, config);
    open.add(client);
    return client.dial(serverKey.publicKey(), server.localAddress()).get(WAIT, TimeUnit.SECONDS);
  }

  Received receivedOn(Bytes topic) throws Exception {
    return received.computeIfAbsent(topic, t -> new CompletableFuture<>()).get(WAIT, TimeUnit.SECONDS);
  }

  static Bytes topic(int run) {
    return Bytes.of(ByteBuffer.allocate(4).putInt(run).array());
  }

  /** Frame {@code index} of a run: its index first (when it fits), then seeded bytes. */
  static byte[] frame(SplittableRandom random, int index, int size) {
    byte[] f = new byte[size];
    random.nextBytes(f);
    if (size >= 4) {
      ByteBuffer.wrap(f).putInt(index);
    }
    return f;
  }

  static void assertSameFrames(List<byte[]> sent, Received got, String context) {
    assertEquals(Optional.empty(), got.failure(), context);
    assertEquals(sent.size(), got.frames().size(), "frames received, " + context);
    for (int i = 0; i < sent.size(); i++) {
      assertArrayEquals(sent.get(i), got.frames().get(i), "frame " + i + ", " + context);
    }
  }

  /**
   * The interleaving that lost frames: a drain of the outbox has written its frames and is still
   * running (here: stalled in its flush) when the sender queues more frames and finishes. The FIN
   * must follow those frames, not be written by the stalled drain ahead of them.
   */
  @Test
  void finishingWhileADrainIsRunningKeepsTheFramesQueuedBehindIt() throws Exception {
    long seed = 7001;
    Connection c = connect(seed, 64);
    SplittableRandom random = new SplittableRandom(seed);
    for (int run = 0; run < 20; run++) {
      String context = "run " + run + " (seed " + seed + ")";
      Bytes topic = topic(run);
      FrameStream s = c.openStream(RECORD, topic);
      CountDownLatch inFlush = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      AtomicBoolean armed = new AtomicBoolean(true);
      var stall = new ChannelOutboundHandlerAdapter() {
        @Override
        public void flush(ChannelHandlerContext ctx) throws Exception {
          if (armed.compareAndSet(true, false)) {
            inFlush.countDown();
            release.await(WAIT, TimeUnit.SECONDS); // stalls the event loop inside a drain
          }
          ctx.flush();
        }
      };
      // Added on the event loop, so it is in place (not pending) for the next drain's flush.
      var ch = ((NettyFrameStream) s).channel();
      ch.eventLoop().submit(() -> ch.pipeline().addFirst(stall)).get(WAIT, TimeUnit.SECONDS);
      List<byte[]> sent = new ArrayList<>();
      sent.add(frame(random, 0, random.nextInt(0, 2000)));
      s.send(sent.getLast());
      assertTrue(inFlush.await(WAIT, TimeUnit.SECONDS), "a drain reached its flush, " + context);
      int more = random.nextInt(1, 4);
      for (int i = 1; i <= more; i++) {
        sent.add(frame(random, i, random.nextInt(0, 40_000)));
        s.send(sent.getLast());
      }
      if (run % 2 == 0) {
        s.finish();
      } else {
        s.close(); // close() finishes too, and must not cut the queued frames off either
      }
      release.countDown();
      assertSameFrames(sent, receivedOn(topic), context);
      s.close();
    }
  }

  /**
   * A reader that takes nothing until the sender has finished, with a one-frame receive queue:
   * at {@code finish()} frames still wait for flow-control credit in the outbox and in Netty's
   * write queue. All of them arrive, whole and in order, then the end.
   */
  @Test
  void aFinishBehindFramesWaitingForCreditArrivesAfterAllOfThem() throws Exception {
    long seed = 7002;
    Connection c = connect(seed, 1);
    SplittableRandom random = new SplittableRandom(seed);
    for (int run = 0; run < 6; run++) {
      String context = "run " + run + " (seed " + seed + ")";
      Bytes topic = topic(run);
      CountDownLatch gate = new CountDownLatch(1);
      readGates.put(topic, gate);
      List<byte[]> sent = new ArrayList<>();
      long bytes = 0;
      try (FrameStream s = c.openStream(RECORD, topic)) {
        // Under the stream's 4 MiB flow-control window, so the sender never needs the reader.
        while (bytes < 3L * 1024 * 1024) {
          int size = switch (random.nextInt(4)) {
            case 0 -> random.nextInt(0, 8); // around the 4-byte length prefix
            case 1 -> random.nextInt(8, 1500);
            case 2 -> 64 * 1024;
            default -> random.nextInt(1500, 100_000);
          };
          sent.add(frame(random, sent.size(), size));
          s.send(sent.getLast());
          bytes += size;
        }
        if (run % 2 == 0) {
          s.finish();
        }
      } // close() right away: it must not cut off what is still queued
      gate.countDown();
      assertSameFrames(sent, receivedOn(topic), context);
    }
  }

  /** A FIN inside a frame is a broken stream, not a clean end with the partial frame dropped. */
  @Test
  void aFinInsideAFrameIsAFailureNotAnEnd() throws Exception {
    Connection c = connect(7003, 64);
    Bytes topic = topic(0);
    try (FrameStream s = c.openStream(RECORD, topic)) {
      s.send(new byte[] {1, 2, 3});
      // A length prefix of 100 followed by 10 bytes, then the FIN. The write runs on the event
      // loop after the drain that writes the frame, and finish() queues its FIN after both.
      var ch = ((NettyFrameStream) s).channel();
      ch.eventLoop().submit(() -> ch.writeAndFlush(Unpooled.buffer().writeInt(100).writeZero(10)))
          .get(WAIT, TimeUnit.SECONDS);
      s.finish();
      Received got = receivedOn(topic);
      assertEquals(1, got.frames().size());
      assertArrayEquals(new byte[] {1, 2, 3}, got.frames().getFirst());
      assertInstanceOf(ConnectionClosedException.class, got.failure().orElseThrow());
    }
  }
}
