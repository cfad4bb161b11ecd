package org.walkaway.benchmarks.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.walkaway.core.Bytes;
import org.walkaway.core.SigningKey;
import org.walkaway.transport.quic.Connection;
import org.walkaway.transport.quic.FrameStream;
import org.walkaway.transport.quic.NetworkId;
import org.walkaway.transport.quic.ProtocolId;
import org.walkaway.transport.quic.QuicEndpoint;
import org.walkaway.transport.quic.TransportConfig;

/**
 * Messages/s and MB/s of one-way length-prefixed messages over one connection on loopback:
 * Walkaway's QUIC transport (one stream, TLS 1.3 inside QUIC, blocking sends from a virtual
 * thread) next to plain Netty TCP (no TLS, the same 4-byte framing, sends from a virtual thread
 * with the same writability wait).
 *
 * <p>Not JMH: a transfer of many messages is one measurement. Each case runs one warm-up round,
 * then {@code rounds} measured rounds; the median is printed with the min–max. A round ends when
 * the receiver has counted every message and acknowledged.
 *
 * <pre>
 *   java -cp target/benchmarks.jar org.walkaway.benchmarks.transport.QuicVsTcpThroughput [rounds]
 * </pre>
 */
public final class QuicVsTcpThroughput {
  private static final ProtocolId SINK = ProtocolId.of("bench-sink/1");
  private static final InetSocketAddress LOOPBACK =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

  private QuicVsTcpThroughput() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    System.out.printf("java %s, %d cpus, loopback, %d measured rounds (median, min-max)%n",
        Runtime.version(), Runtime.getRuntime().availableProcessors(), rounds);
    int[][] cases = {{256, 100_000}, {64 * 1024, 1_500}};
    for (int[] c : cases) {
      report("QUIC", c[0], c[1], rounds, QuicVsTcpThroughput::quicRound);
      report("TCP ", c[0], c[1], rounds, QuicVsTcpThroughput::tcpRound);
    }
  }

  interface Round {
    /** Sends {@code count} messages of {@code size} bytes; returns the elapsed nanoseconds. */
    long run(int size, int count) throws Exception;
  }

  private static void report(String name, int size, int count, int rounds, Round round)
      throws Exception {
    round.run(size, count); // warm-up
    List<Double> rates = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      long nanos = round.run(size, count);
      rates.add(count / (nanos / 1e9));
    }
    double[] sorted = rates.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double median = sorted[sorted.length / 2];
    System.out.printf("%s %6d B x %7d: %,10.0f msg/s  %8.1f MB/s   (min-max %,.0f-%,.0f msg/s)%n",
        name, size, count, median, median * size / 1e6, sorted[0], sorted[sorted.length - 1]);
  }

  // ---- QUIC ----

  private static long quicRound(int size, int count) throws Exception {
    NetworkId net = NetworkId.of("bench");
    TransportConfig config = TransportConfig.defaults();
    SigningKey serverKey = SigningKey.generate(new SplittableRandom(1));
    try (QuicEndpoint server = QuicEndpoint.bind(serverKey, net, LOOPBACK, config);
        QuicEndpoint client =
            QuicEndpoint.bind(SigningKey.generate(new SplittableRandom(2)), net, LOOPBACK, config)) {
      server.handle(SINK, s -> {
        long n = 0;
        for (Optional<byte[]> f = s.receive(); f.isPresent(); f = s.receive()) {
          n++;
        }
        s.send(ByteBuffer.allocate(8).putLong(n).array());
      });
      Connection c = client.dial(serverKey.publicKey(), server.localAddress()).get(10, TimeUnit.SECONDS);
      byte[] message = new byte[size];
      Arrays.fill(message, (byte) 7);
      CompletableFuture<Long> elapsed = new CompletableFuture<>();
      Thread.ofVirtual().start(() -> {
        try (FrameStream s = c.openStream(SINK, Bytes.EMPTY)) {
          long start = System.nanoTime();
          for (int i = 0; i < count; i++) {
            s.send(message);
          }
          s.finish();
          long received = ByteBuffer.wrap(s.receive().orElseThrow()).getLong();
          if (received != count) {
            throw new IllegalStateException("received " + received + " of " + count);
          }
          elapsed.complete(System.nanoTime() - start);
        } catch (Throwable t) {
          elapsed.completeExceptionally(t);
        }
      });
      return elapsed.get(5, TimeUnit.MINUTES);
    }
  }

  // ---- Netty TCP ----

  private static long tcpRound(int size, int count) throws Exception {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    try {
      Channel server = new ServerBootstrap()
          .group(group)
          .channel(NioServerSocketChannel.class)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              ch.pipeline().addLast(
                  new LengthFieldBasedFrameDecoder(16 * 1024 * 1024, 0, 4, 0, 4),
                  new ChannelInboundHandlerAdapter() {
                    long n;

                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                      ((ByteBuf) msg).release();
                      if (++n == count) {
                        ctx.writeAndFlush(ctx.alloc().buffer(8).writeLong(n));
                      }
                    }
                  });
            }
          })
          .bind(LOOPBACK).sync().channel();
      CompletableFuture<Long> ack = new CompletableFuture<>();
      Channel client = new Bootstrap()
          .group(group)
          .channel(NioSocketChannel.class)
          .option(ChannelOption.TCP_NODELAY, true)
          .handler(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
              ByteBuf b = (ByteBuf) msg;
              if (b.readableBytes() >= 8) {
                ack.complete(b.readLong());
              }
              b.release();
            }
          })
          .connect(server.localAddress()).sync().channel();
      byte[] message = new byte[size];
      Arrays.fill(message, (byte) 7);
      CompletableFuture<Long> elapsed = new CompletableFuture<>();
      Thread.ofVirtual().start(() -> {
        try {
          long start = System.nanoTime();
          for (int i = 0; i < count; i++) {
            while (!client.isWritable()) {
              Thread.onSpinWait();
              Thread.sleep(0, 50_000);
            }
            ByteBuf buf = client.alloc().buffer(4 + size);
            buf.writeInt(size).writeBytes(message);
            client.writeAndFlush(buf);
          }
          long received = ack.get(5, TimeUnit.MINUTES);
          if (received != count) {
            throw new IllegalStateException("received " + received + " of " + count);
          }
          elapsed.complete(System.nanoTime() - start);
        } catch (Throwable t) {
          elapsed.completeExceptionally(t);
        }
      });
      long nanos = elapsed.get(5, TimeUnit.MINUTES);
      client.close().sync();
      server.close().sync();
      return nanos;
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }
}
