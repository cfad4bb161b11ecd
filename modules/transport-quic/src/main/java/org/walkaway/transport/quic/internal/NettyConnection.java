package org.walkaway.transport.quic.internal;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.walkaway.core.Bytes;
import org.walkaway.core.PublicKey;
import org.walkaway.transport.quic.Connection;
import org.walkaway.transport.quic.ConnectionClosedException;
import org.walkaway.transport.quic.ConnectionLimitException;
import org.walkaway.transport.quic.FrameStream;
import org.walkaway.transport.quic.ProtocolId;
import org.walkaway.transport.quic.QuicEndpoint;

/** A {@link Connection} over one authenticated {@link QuicChannel}. */
final class NettyConnection implements Connection {
  private static final byte[] KEEP_ALIVE = {0};

  private final NettyQuicEndpoint endpoint;
  private final QuicChannel channel;
  private final PublicKey peer;
  private final boolean outbound;
  private final InetSocketAddress remoteAddress;
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private final Set<NettyFrameStream> streams = ConcurrentHashMap.newKeySet();
  private volatile ScheduledFuture<?> keepAlive;
  /** Set when this connection lost the simultaneous-dial tie-break to {@code winner}. */
  private volatile NettyConnection supersededBy;

  NettyConnection(NettyQuicEndpoint endpoint, QuicChannel channel, PublicKey peer, boolean outbound) {
    this.endpoint = endpoint;
    this.channel = channel;
    this.peer = peer;
    this.outbound = outbound;
    this.remoteAddress = (InetSocketAddress) channel.remoteSocketAddress();
    channel.closeFuture().addListener(f -> onClosed());
  }

  void startKeepAlive(long intervalMillis) {
    if (intervalMillis <= 0) {
      return;
    }
    // A tiny QUIC datagram keeps NATs and the peer's idle timer from dropping a quiet connection.
    keepAlive =
        channel
            .eventLoop()
            .scheduleAtFixedRate(
                () -> {
                  if (channel.isActive()) {
                    channel.writeAndFlush(Unpooled.wrappedBuffer(KEEP_ALIVE));
                  }
                },
                intervalMillis,
                intervalMillis,
                TimeUnit.MILLISECONDS);
  }

  private void onClosed() {
    ScheduledFuture<?> k = keepAlive;
    if (k != null) {
      k.cancel(false);
    }
    endpoint.connectionClosed(this);
    closed.complete(null);
  }

  NettyQuicEndpoint endpoint() {
    return endpoint;
  }

  QuicChannel channel() {
    return channel;
  }

  @Override
  public PublicKey peer() {
    return peer;
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return remoteAddress;
  }

  @Override
  public boolean outbound() {
    return outbound;
  }

  @Override
  public boolean isOpen() {
    return channel.isActive();
  }

  @Override
  public FrameStream openStream(ProtocolId protocol, Bytes topic) throws InterruptedException {
    if (protocol.equals(QuicEndpoint.RELAY_PROTOCOL)) {
      throw new IllegalArgumentException("the relay protocol is opened by openRelayed");
    }
    return openRaw(protocol, topic);
  }

  NettyFrameStream openRaw(ProtocolId protocol, Bytes topic) throws InterruptedException {
    if (!channel.isActive()) {
      throw new ConnectionClosedException("the connection to " + peer.toHex() + " is closed");
    }
    StreamHeader header = new StreamHeader(protocol, topic);
    NettyFrameStream stream =
        new NettyFrameStream(
            this, header, endpoint.config().maxFrameBytes(), endpoint.config().receiveQueueFrames());
    QuicStreamChannel ch = await(channel.createStream(QuicStreamType.BIDIRECTIONAL, stream));
    stream.attach(ch);
    streams.add(stream);
    stream.writeFrame(header.encode());
    return stream;
  }

  void streamOpened(NettyFrameStream stream) {
    streams.add(stream);
  }

  void streamClosed(NettyFrameStream stream) {
    streams.remove(stream);
    if (supersededBy != null && streams.isEmpty()) {
      close();
    }
  }

  boolean superseded() {
    return supersededBy != null;
  }

  /** The connection to use instead of this one: itself, unless it lost the tie-break. */
  NettyConnection winner() {
    NettyConnection w = supersededBy;
    return w == null ? this : w.winner();
  }

  /**
   * Stops offering this connection for new streams and closes it once its open streams have
   * ended, so that no frame of a stream already open is lost.
   */
  void retire(NettyConnection winner) {
    supersededBy = winner;
    if (streams.isEmpty()) {
      close();
    }
  }

  /** Waits for a Netty future without blocking on its monitor (which would pin a virtual thread). */
  private QuicStreamChannel await(Future<QuicStreamChannel> future) throws InterruptedException {
    CompletableFuture<QuicStreamChannel> done = new CompletableFuture<>();
    future.addListener(
        f -> {
          if (f.isSuccess()) {
            done.complete(future.getNow());
          } else {
            done.completeExceptionally(f.cause());
          }
        });
    try {
      return done.get();
    } catch (ExecutionException e) {
      if (!channel.isActive()) {
        throw new ConnectionClosedException("the connection to " + peer.toHex() + " is closed");
      }
      // quiche refuses a stream beyond the peer's stream credit (QUIC STREAM_LIMIT).
      throw new ConnectionLimitException(
          "cannot open a stream to " + peer.toHex() + " (its stream limit?): " + e.getCause());
    }
  }

  @Override
  public CompletionStage<Void> closed() {
    return closed.copy();
  }

  @Override
  public void close() {
    if (channel.isActive()) {
      channel.close(true, 0, Unpooled.EMPTY_BUFFER);
    } else {
      channel.close();
    }
  }

  CompletableFuture<Void> closedFuture() {
    return closed;
  }

  @Override
  public String toString() {
    return "Connection[peer=" + peer.toHex() + ", remote=" + remoteAddress
        + (outbound ? ", outbound" : ", inbound") + "]";
  }
}
