package org.walkaway.transport.quic.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.BoringSSLContextOption;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicClosedChannelException;
import io.netty.handler.codec.quic.QuicCodecBuilder;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.walkaway.core.Bytes;
import org.walkaway.core.PublicKey;
import org.walkaway.core.SigningKey;
import org.walkaway.transport.quic.AddressBook;
import org.walkaway.transport.quic.Connection;
import org.walkaway.transport.quic.ConnectionClosedException;
import org.walkaway.transport.quic.ConnectionLimitException;
import org.walkaway.transport.quic.DialTimeoutException;
import org.walkaway.transport.quic.FrameStream;
import org.walkaway.transport.quic.HandshakeFailedException;
import org.walkaway.transport.quic.IdentityMismatchException;
import org.walkaway.transport.quic.NetworkId;
import org.walkaway.transport.quic.NetworkMismatchException;
import org.walkaway.transport.quic.PeerUnreachableException;
import org.walkaway.transport.quic.ProtocolId;
import org.walkaway.transport.quic.QuicEndpoint;
import org.walkaway.transport.quic.StreamErrorCode;
import org.walkaway.transport.quic.StreamHandler;
import org.walkaway.transport.quic.TransportConfig;
import org.walkaway.transport.quic.TransportException;

/**
 * The Netty implementation of {@link QuicEndpoint}.
 *
 * <p>One UDP channel serves inbound connections (server codec). Each dial gets its own UDP channel
 * and client codec, because the client's TLS context carries the expected peer identity in its
 * trust manager; that way the handshake itself fails on a wrong identity, before any application
 * byte is exchanged. Netty codecs are not sharable (java-stack.md G8), so each UDP channel builds
 * its own.
 *
 * <p>Threads: one Netty event loop per endpoint; stream handlers run on virtual threads. Nothing
 * here blocks the event loop.
 */
public final class NettyQuicEndpoint implements QuicEndpoint {
  /** Application close code when an inbound connection exceeds a limit. */
  static final int CONNECTION_LIMIT_CODE = 0x201;

  /**
   * Application close code when an inbound connection loses the simultaneous-dial tie-break: the
   * connection initiated by the peer with the lower key is kept, on both sides.
   */
  static final int SUPERSEDED_CODE = 0x202;

  /** Sent by the server once it keeps an inbound connection: the dialer's dial may complete. */
  private static final byte[] KEPT = {1};

  /** The TLS alert {@code no_application_protocol}: the peer serves a different network (ALPN). */
  private static final int NO_APPLICATION_PROTOCOL_ALERT = 120;

  private static final AttributeKey<NettyConnection> CONNECTION =
      AttributeKey.valueOf(NettyQuicEndpoint.class, "connection");

  private final SigningKey identity;
  private final NetworkId network;
  private final TransportConfig config;
  private final boolean relay;
  private final EventLoopGroup group;
  private final IdentityTls.Credentials credentials;
  private final AddressBook addressBook;
  private final ConcurrentHashMap<ProtocolId, StreamHandler> handlers = new ConcurrentHashMap<>();
  private final Set<NettyConnection> connections = ConcurrentHashMap.newKeySet();
  private final Set<Channel> udpChannels = ConcurrentHashMap.newKeySet();
  /** Peers we are dialing now, with the number of dials in flight. */
  private final ConcurrentHashMap<PublicKey, Integer> dialing = new ConcurrentHashMap<>();
  /** Dials whose own connection lost the tie-break, waiting for the peer's winning connection. */
  private final ConcurrentHashMap<PublicKey, List<CompletableFuture<Connection>>> awaitingInbound =
      new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Channel serverChannel;

  private NettyQuicEndpoint(
      SigningKey identity,
      NetworkId network,
      InetSocketAddress address,
      TransportConfig config,
      boolean relay) {
    this.identity = identity;
    this.network = network;
    this.config = config;
    this.relay = relay;
    this.credentials = IdentityTls.credentialsFor(identity);
    this.addressBook = new AddressBook(Clock.systemUTC(), config.backoffBase(), config.backoffMax());
    this.group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      QuicSslContext serverTls =
          QuicSslContextBuilder.forServer(new IdentityTls.SingleKeyManager(credentials), null)
              .trustManager(new IdentityTls.PeerTrustManager(Optional.empty()))
              .clientAuth(ClientAuth.REQUIRE)
              .applicationProtocols(network.alpn())
              .option(BoringSSLContextOption.SIGNATURE_ALGORITHMS, IdentityTls.SIGNATURE_ALGORITHMS)
              .build();
      ChannelHandler codec =
          common(new QuicServerCodecBuilder())
              .sslContext(serverTls)
              .tokenHandler(io.netty.handler.codec.quic.InsecureQuicTokenHandler.INSTANCE)
              .handler(
                  new ConnectionInitializer(false, closeEvent -> {}, new CompletableFuture<>()))
              .streamHandler(new StreamInitializer(false))
              .build();
      this.serverChannel =
          new Bootstrap()
              .group(group)
              .channel(NioDatagramChannel.class)
              .handler(codec)
              .bind(address)
              .syncUninterruptibly()
              .channel();
    } catch (RuntimeException | Error e) {
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      throw new TransportException("cannot start a QUIC endpoint at " + address + ": " + e, e);
    }
  }

  public static NettyQuicEndpoint bind(
      SigningKey identity,
      NetworkId network,
      InetSocketAddress address,
      TransportConfig config,
      boolean relay) {
    return new NettyQuicEndpoint(identity, network, address, config, relay);
  }

  private <B extends QuicCodecBuilder<B>> B common(B builder) {
    return builder
        .maxIdleTimeout(config.idleTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .initialMaxData(16L * 1024 * 1024)
        .initialMaxStreamDataBidirectionalLocal(4L * 1024 * 1024)
        .initialMaxStreamDataBidirectionalRemote(4L * 1024 * 1024)
        .initialMaxStreamsBidirectional(config.maxStreamsPerConnection())
        .initialMaxStreamsUnidirectional(0)
        .activeMigration(false)
        .datagram(8, 8);
  }

  // ---- API ----

  @Override
  public PublicKey identity() {
    return identity.publicKey();
  }

  @Override
  public NetworkId network() {
    return network;
  }

  @Override
  public TransportConfig config() {
    return config;
  }

  @Override
  public InetSocketAddress localAddress() {
    return (InetSocketAddress) serverChannel.localAddress();
  }

  @Override
  public AddressBook addressBook() {
    return addressBook;
  }

  @Override
  public void handle(ProtocolId protocol, StreamHandler handler) {
    if (protocol.equals(RELAY_PROTOCOL)) {
      throw new IllegalArgumentException("the relay protocol is served by the endpoint itself");
    }
    handlers.put(protocol, handler);
  }

  @Override
  public Optional<Connection> connection(PublicKey peer) {
    for (NettyConnection c : connections) {
      if (c.peer().equals(peer) && c.isOpen() && !c.superseded()) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  @Override
  public List<Connection> connections() {
    return List.copyOf(connections);
  }

  @Override
  public CompletableFuture<Connection> dial(PublicKey peer) {
    List<InetSocketAddress> addresses = addressBook.dialable(peer);
    Optional<Connection> open = connection(peer);
    if (open.isPresent()) {
      return CompletableFuture.completedFuture(open.get());
    }
    if (addresses.isEmpty()) {
      return CompletableFuture.failedFuture(
          new PeerUnreachableException(
              "no address of " + peer.toHex() + " can be dialed now (none known, or backing off)"));
    }
    CompletableFuture<Connection> result = dial(peer, addresses.get(0));
    for (InetSocketAddress next : addresses.subList(1, addresses.size())) {
      result = result.exceptionallyCompose(e -> dial(peer, next));
    }
    return result;
  }

  @Override
  public CompletableFuture<Connection> dial(PublicKey expected, InetSocketAddress address) {
    if (closed.get()) {
      return CompletableFuture.failedFuture(new ConnectionClosedException("the endpoint is closed"));
    }
    // Registered before looking for an open connection, so that an inbound connection from the
    // same peer adopted meanwhile sees this dial and loses the tie-break if it must.
    dialing.merge(expected, 1, Integer::sum);
    CompletableFuture<Connection> dialed = dialOnce(expected, address);
    dialed.whenComplete(
        (c, e) -> dialing.computeIfPresent(expected, (k, n) -> n == 1 ? null : n - 1));
    return dialed;
  }

  private CompletableFuture<Connection> dialOnce(PublicKey expected, InetSocketAddress address) {
    Optional<Connection> open = connection(expected);
    if (open.isPresent()) {
      return CompletableFuture.completedFuture(open.get());
    }
    if (connections.size() >= config.maxConnections()) {
      return CompletableFuture.failedFuture(
          new ConnectionLimitException(
              "the endpoint holds " + connections.size() + " connections, its maximum"));
    }
    CompletableFuture<Connection> result = new CompletableFuture<>();
    IdentityTls.PeerTrustManager trust = new IdentityTls.PeerTrustManager(Optional.of(expected));
    Channel udp;
    try {
      QuicSslContext tls =
          QuicSslContextBuilder.forClient()
              .keyManager(new IdentityTls.SingleKeyManager(credentials), null)
              .trustManager(trust)
              .applicationProtocols(network.alpn())
              .option(BoringSSLContextOption.SIGNATURE_ALGORITHMS, IdentityTls.SIGNATURE_ALGORITHMS)
              .build();
      ChannelHandler codec = common(new QuicClientCodecBuilder()).sslContext(tls).build();
      InetSocketAddress local =
          new InetSocketAddress(address.getAddress().isLoopbackAddress()
              ? address.getAddress() : null, 0);
      udp = new Bootstrap().group(group).channel(NioDatagramChannel.class).handler(codec)
          .bind(local).syncUninterruptibly().channel();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(
          new TransportException("cannot start dialing " + address + ": " + e, e));
    }
    udpChannels.add(udp);
    udp.closeFuture().addListener(f -> udpChannels.remove(udp));
    String target = expected.toHex() + " at " + address;
    // The peer's CONNECTION_CLOSE during the handshake (a TLS alert) arrives as an event, while
    // Netty fails the connect promise only when the channel closes: fail the dial at once.
    // Our connection loses the tie-break when the peer (lower key) dials us at the same time: the
    // peer closes it with SUPERSEDED, and the dial completes with the peer's connection instead.
    CompletableFuture<Boolean> kept = new CompletableFuture<>();
    boolean mayLose = identity.publicKey().compareTo(expected) > 0;
    Consumer<QuicConnectionCloseEvent> peerClosed =
        event -> {
          if (event.isApplicationClose() && event.error() == SUPERSEDED_CODE) {
            kept.complete(false);
            return;
          }
          if (!result.isDone()) {
            addressBook.recordFailure(expected, address);
            result.completeExceptionally(closedDuringHandshake(event, expected, address, target));
            udp.close();
          }
        };
    io.netty.util.concurrent.Future<QuicChannel> connecting =
        QuicChannel.newBootstrap(udp)
            .handler(new ConnectionInitializer(true, peerClosed, kept))
            .streamHandler(new StreamInitializer(true))
            .remoteAddress(address)
            .connect();
    io.netty.util.concurrent.ScheduledFuture<?> timeout =
        group.schedule(
            () -> {
              if (!result.isDone()) {
                addressBook.recordFailure(expected, address);
                result.completeExceptionally(new DialTimeoutException(target, config.dialTimeout()));
                udp.close(); // closes the half-open QUIC channel and fails its connect promise
              }
            },
            config.dialTimeout().toMillis(),
            TimeUnit.MILLISECONDS);
    connecting.addListener(
        f -> {
          timeout.cancel(false);
          if (f.isSuccess()) {
            QuicChannel quic = connecting.getNow();
            quic.closeFuture().addListener(c -> udp.close());
            Optional<NettyConnection> c = adopt(quic, true);
            if (c.isEmpty()) {
              result.completeExceptionally(
                  new HandshakeFailedException("the connection to " + target + " closed at once"));
              return;
            }
            addressBook.recordSuccess(expected, address);
            if (!mayLose) {
              complete(result, c.get());
              return;
            }
            // Netty does not always report the peer's CONNECTION_CLOSE as an event once the
            // handshake is done: a close before the confirmation is taken as the tie-break lost.
            quic.closeFuture().addListener(closing -> kept.complete(false));
            io.netty.util.concurrent.ScheduledFuture<?> unconfirmed =
                group.schedule(
                    () -> kept.complete(true), // a lost confirmation: keep ours
                    config.dialTimeout().toMillis(),
                    TimeUnit.MILLISECONDS);
            kept.thenAccept(
                ours -> {
                  unconfirmed.cancel(false);
                  if (ours) {
                    complete(result, c.get());
                  } else {
                    connections.remove(c.get());
                    awaitInbound(expected, result, target);
                  }
                });
          } else {
            udp.close();
            if (result.isDone()) {
              return; // timed out before, and counted then
            }
            if (Boolean.FALSE.equals(kept.getNow(null))) {
              awaitInbound(expected, result, target); // superseded before the handshake ended
              return;
            }
            addressBook.recordFailure(expected, address);
            Optional<PublicKey> mismatch = trust.mismatch();
            if (mismatch.isPresent()) {
              result.completeExceptionally(new IdentityMismatchException(expected, mismatch.get()));
            } else if (f.cause() instanceof QuicClosedChannelException closedByPeer) {
              result.completeExceptionally(
                  closedDuringHandshake(closedByPeer.event(), expected, address, target));
            } else {
              result.completeExceptionally(
                  new HandshakeFailedException(
                      "the handshake with " + target + " failed (different network, "
                          + "invalid certificate, or no answer): " + f.cause(),
                      f.cause()));
            }
          }
        });
    return result;
  }

  private static void complete(CompletableFuture<Connection> result, NettyConnection c) {
    if (!result.complete(c.winner())) {
      c.close(); // the dial timed out meanwhile
    }
  }

  /** Completes {@code result} with the peer's inbound connection, now or once it is adopted. */
  private void awaitInbound(PublicKey peer, CompletableFuture<Connection> result, String target) {
    awaitingInbound.computeIfAbsent(peer, k -> new java.util.concurrent.CopyOnWriteArrayList<>())
        .add(result);
    connection(peer).ifPresent(result::complete);
    if (result.isDone()) {
      awaitingInbound.computeIfPresent(peer, (k, l) -> l.remove(result) && l.isEmpty() ? null : l);
      return;
    }
    group.schedule(
        () -> {
          DialTimeoutException late = new DialTimeoutException(target, config.dialTimeout());
          if (result.completeExceptionally(late)) {
            awaitingInbound.computeIfPresent(
                peer, (k, l) -> l.remove(result) && l.isEmpty() ? null : l);
          }
        },
        config.dialTimeout().toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private HandshakeFailedException closedDuringHandshake(
      QuicConnectionCloseEvent event, PublicKey expected, InetSocketAddress address, String target) {
    if (event.isTlsError()
        && QuicConnectionCloseEvent.extractTlsError(event.error()) == NO_APPLICATION_PROTOCOL_ALERT) {
      return new NetworkMismatchException(expected, address, network);
    }
    return new HandshakeFailedException(
        "the handshake with " + target + " failed: the peer closed the connection ("
            + (event.isTlsError()
                ? "TLS alert " + QuicConnectionCloseEvent.extractTlsError(event.error())
                : (event.isApplicationClose() ? "application" : "transport")
                    + " error 0x" + Integer.toHexString(event.error()))
            + ")");
  }

  @Override
  public FrameStream openRelayed(
      Connection relayConnection, PublicKey target, ProtocolId protocol, Bytes topic)
      throws InterruptedException {
    if (!(relayConnection instanceof NettyConnection c) || c.endpoint() != this) {
      throw new IllegalArgumentException("the relay connection must belong to this endpoint");
    }
    NettyFrameStream raw = c.openRaw(RELAY_PROTOCOL, target.bytes());
    SecureFrameStream secure = SecureFrameStream.initiate(identity, target, raw);
    secure.send(new StreamHeader(protocol, topic).encode());
    return secure.withHeader(protocol, topic);
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    List<CompletableFuture<Void>> closing = new ArrayList<>();
    for (NettyConnection c : List.copyOf(connections)) {
      closing.add(c.closedFuture());
      c.close();
    }
    try {
      CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(2, TimeUnit.SECONDS);
    } catch (Exception e) {
      // Closing goes on regardless: the channels are closed below.
    }
    for (Channel udp : List.copyOf(udpChannels)) {
      udp.close();
    }
    serverChannel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }

  // ---- Netty side ----

  /**
   * Registers an authenticated QUIC channel as a connection, once, enforcing the limits on
   * inbound connections. Called from the event loop when the handshake completes, or when the
   * first stream arrives, whichever Netty reports first.
   */
  Optional<NettyConnection> adopt(QuicChannel quic, boolean outbound) {
    NettyConnection existing = quic.attr(CONNECTION).get();
    if (existing != null) {
      return Optional.of(existing);
    }
    Optional<PublicKey> peer = peerOf(quic);
    if (peer.isEmpty()) {
      quic.close();
      return Optional.empty();
    }
    if (!outbound) {
      long perPeer = connections.stream().filter(c -> c.peer().equals(peer.get())).count();
      if (closed.get()
          || connections.size() >= config.maxConnections()
          || perPeer >= config.maxConnectionsPerPeer()) {
        quic.close(true, CONNECTION_LIMIT_CODE, Unpooled.EMPTY_BUFFER);
        return Optional.empty();
      }
    }
    if (!outbound
        && peer.get().compareTo(identity.publicKey()) > 0
        && (dialing.containsKey(peer.get()) || hasOwnConnectionTo(peer.get()))) {
      // Simultaneous dials: ours, initiated by the lower key, wins on both sides. The peer's dial
      // learns it from this close code and completes with our connection.
      quic.close(true, SUPERSEDED_CODE, Unpooled.EMPTY_BUFFER);
      return Optional.empty();
    }
    NettyConnection connection = new NettyConnection(this, quic, peer.get(), outbound);
    quic.attr(CONNECTION).set(connection);
    connections.add(connection);
    if (!quic.isActive()) {
      connections.remove(connection);
    }
    if (!outbound) {
      quic.writeAndFlush(Unpooled.wrappedBuffer(KEPT));
    }
    long keepAlive = config.keepAliveInterval().toMillis();
    connection.startKeepAlive(keepAlive);
    retireDuplicate(peer.get());
    if (!outbound) {
      List<CompletableFuture<Connection>> waiting = awaitingInbound.remove(peer.get());
      if (waiting != null) {
        Connection winner = connection.winner();
        waiting.forEach(w -> w.complete(winner));
      }
    }
    return Optional.of(connection);
  }

  private boolean hasOwnConnectionTo(PublicKey peer) {
    return connections.stream()
        .anyMatch(c -> c.outbound() && c.peer().equals(peer) && c.isOpen() && !c.superseded());
  }

  /**
   * When both dials succeeded anyway (the races above are not airtight), both sides keep the
   * connection initiated by the lower key and retire the other once its open streams have ended.
   */
  private void retireDuplicate(PublicKey peer) {
    NettyConnection ours = null;
    NettyConnection theirs = null;
    for (NettyConnection c : connections) {
      if (c.peer().equals(peer) && c.isOpen() && !c.superseded()) {
        if (c.outbound()) {
          ours = c;
        } else {
          theirs = c;
        }
      }
    }
    if (ours == null || theirs == null) {
      return;
    }
    boolean oursWins = identity.publicKey().compareTo(peer) < 0;
    NettyConnection winner = oursWins ? ours : theirs;
    (oursWins ? theirs : ours).retire(winner);
  }

  void connectionClosed(NettyConnection connection) {
    connections.remove(connection);
  }

  private static Optional<PublicKey> peerOf(QuicChannel quic) {
    try {
      Certificate[] chain = quic.sslEngine().getSession().getPeerCertificates();
      X509Certificate[] x509 = Arrays.copyOf(chain, chain.length, X509Certificate[].class);
      return Optional.of(IdentityTls.identityOf(x509));
    } catch (SSLPeerUnverifiedException | java.security.cert.CertificateException
        | ArrayStoreException e) {
      return Optional.empty();
    }
  }

  /** A peer's stream header arrived: hand the stream to its handler on a virtual thread. */
  void dispatch(NettyFrameStream stream) {
    ProtocolId protocol = stream.protocol();
    if (protocol.equals(RELAY_PROTOCOL)) {
      Thread.ofVirtual().name("walkaway-relay").start(() -> serveRelayStream(stream));
      return;
    }
    StreamHandler handler = relay ? null : handlers.get(protocol);
    if (handler == null) {
      stream.reset(StreamErrorCode.UNKNOWN_PROTOCOL);
      return;
    }
    Thread.ofVirtual().name("walkaway-stream-" + protocol.name()).start(() -> run(handler, stream));
  }

  private static void run(StreamHandler handler, FrameStream stream) {
    try (stream) {
      handler.handle(stream);
    } catch (Exception e) {
      stream.reset(StreamErrorCode.HANDLER_FAILED);
    }
  }

  private void serveRelayStream(NettyFrameStream stream) {
    Bytes topic = stream.topic();
    if (topic.length() != PublicKey.LENGTH) {
      stream.reset(StreamErrorCode.BAD_HEADER);
      return;
    }
    PublicKey other = new PublicKey(topic);
    if (relay) {
      RelayForwarder.forward(this, stream, other);
      return;
    }
    // We are the target: the relay names the initiator, and the handshake proves it.
    try {
      SecureFrameStream secure = SecureFrameStream.respond(identity, other, stream);
      Optional<byte[]> first = secure.receive();
      Optional<StreamHeader> header = first.flatMap(StreamHeader::decode);
      if (header.isEmpty()) {
        secure.reset(StreamErrorCode.BAD_HEADER);
        return;
      }
      StreamHandler handler = handlers.get(header.get().protocol());
      if (handler == null) {
        secure.reset(StreamErrorCode.UNKNOWN_PROTOCOL);
        return;
      }
      run(handler, secure.withHeader(header.get().protocol(), header.get().topic()));
    } catch (TransportException e) {
      stream.reset(StreamErrorCode.RELAY_HANDSHAKE_FAILED);
    } catch (InterruptedException e) {
      stream.reset(StreamErrorCode.CANCELLED);
      Thread.currentThread().interrupt();
    }
  }

  /** Added once per QUIC connection (a ChannelInitializer, because the server shares it: G7). */
  private final class ConnectionInitializer extends ChannelInitializer<QuicChannel> {
    private final boolean outbound;
    private final Consumer<QuicConnectionCloseEvent> peerClosed;
    private final CompletableFuture<Boolean> kept;

    ConnectionInitializer(
        boolean outbound,
        Consumer<QuicConnectionCloseEvent> peerClosed,
        CompletableFuture<Boolean> kept) {
      this.outbound = outbound;
      this.peerClosed = peerClosed;
      this.kept = kept;
    }

    @Override
    protected void initChannel(QuicChannel ch) {
      ch.pipeline().addLast(new ConnectionHandler(outbound, peerClosed, kept));
    }

    @Override
    public boolean isSharable() {
      return true;
    }
  }

  private final class ConnectionHandler extends ChannelInboundHandlerAdapter {
    private final boolean outbound;
    private final Consumer<QuicConnectionCloseEvent> peerClosed;
    private final CompletableFuture<Boolean> kept;

    ConnectionHandler(
        boolean outbound,
        Consumer<QuicConnectionCloseEvent> peerClosed,
        CompletableFuture<Boolean> kept) {
      this.outbound = outbound;
      this.peerClosed = peerClosed;
      this.kept = kept;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof QuicConnectionCloseEvent closeEvent) {
        peerClosed.accept(closeEvent);
      }
      if (!outbound && evt instanceof SslHandshakeCompletionEvent done && done.isSuccess()) {
        adopt((QuicChannel) ctx.channel(), false);
      }
      ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      // Keep-alive datagrams: their arrival is all that matters. Anything else (new streams
      // arrive here as channels) goes on to Netty's own handlers.
      if (msg instanceof ByteBuf buf) {
        buf.release();
        kept.complete(true); // the first datagram from the server confirms it kept the connection
      } else {
        ctx.fireChannelRead(msg);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // A failed handshake lands here too (wrong network: NO_APPLICATION_PROTOCOL; refused
      // identity). quiche is already closing that connection with the TLS alert; closing the
      // channel now would drop the CONNECTION_CLOSE before it is sent, and the dialer would learn
      // nothing until its timeout. quiche closes the channel itself once the close is sent.
      if (!(cause instanceof SSLHandshakeException)) {
        ctx.close();
      }
    }
  }

  /** Added to every stream a peer opens. */
  private final class StreamInitializer extends ChannelInitializer<QuicStreamChannel> {
    private final boolean outbound;

    StreamInitializer(boolean outbound) {
      this.outbound = outbound;
    }

    @Override
    protected void initChannel(QuicStreamChannel ch) {
      QuicChannel quic = ch.parent();
      NettyConnection connection = quic.attr(CONNECTION).get();
      if (connection == null) {
        connection = adopt(quic, outbound).orElse(null);
      }
      if (connection == null) {
        ch.close();
        return;
      }
      NettyFrameStream stream =
          new NettyFrameStream(connection, config.maxFrameBytes(), config.receiveQueueFrames());
      connection.streamOpened(stream);
      ch.pipeline().addLast(stream);
    }

    @Override
    public boolean isSharable() {
      return true;
    }
  }
}
