package org.walkaway.transport.quic.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamFrame;
import io.netty.handler.codec.quic.QuicStreamResetException;
import io.netty.util.ReferenceCountUtil;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.walkaway.core.Bytes;
import org.walkaway.core.PublicKey;
import org.walkaway.transport.quic.ConnectionClosedException;
import org.walkaway.transport.quic.FrameStream;
import org.walkaway.transport.quic.FrameTooLargeException;
import org.walkaway.transport.quic.ProtocolId;
import org.walkaway.transport.quic.StreamErrorCode;
import org.walkaway.transport.quic.StreamResetException;
import org.walkaway.transport.quic.TransportException;

/**
 * A {@link FrameStream} over one QUIC stream channel, and the Netty handler that decodes its
 * frames.
 *
 * <pre>
 *  network ─▶ channelRead (event loop) ─▶ cumulate ─▶ split frames ─▶ inbox ─▶ receive() (caller)
 *  caller  ─▶ send() ─ waits while not writable ─▶ outbox ─▶ drain (event loop): write… flush ─▶ network
 *  caller  ─▶ finish() / close() ─▶ a FIN or CLOSE marker in the same outbox, behind every frame
 * </pre>
 *
 * <p>The end of the sending side travels through the outbox as a marker and is written as an
 * empty FIN frame with {@code write}, never with {@code shutdownOutput()}: Netty's QUIC
 * {@code shutdownOutput()} hands the FIN to quiche at once, past any write still waiting in
 * Netty's queue for flow-control credit, and those writes then fail silently (the peer sees a
 * clean end after fewer frames). A written FIN waits in that queue behind the frames instead.
 *
 * <p>Bytes are copied out of Netty buffers into {@code byte[]} at once, so no reference-counted
 * buffer leaves the event loop. When the inbox holds {@code receiveQueueFrames} frames, reading
 * from the network pauses (autoRead off) until the caller catches up: QUIC flow control then
 * pushes back on the sender. A length prefix above the maximum resets this stream only.
 */
final class NettyFrameStream extends ChannelInboundHandlerAdapter implements FrameStream {
  /** What the inbox holds: frames, then at most one terminal item. */
  private sealed interface Item permits Frame, End, Failed {}

  private record Frame(byte[] payload) implements Item {}

  private record End() implements Item {}

  private record Failed(TransportException error) implements Item {}

  /** What the outbox holds besides encoded frames: the end of this side, in order. */
  private enum Marker {
    /** Write a FIN after every frame before it. */
    FIN,
    /** Close the channel once every write before it is done. */
    CLOSE
  }

  /**
   * Bytes sent but not yet taken by quiche (in the outbox or in Netty's write queue) before
   * {@link #send} blocks. Netty's writability alone does not bound its queue: it reports writable
   * again as soon as part of the queue is written.
   */
  private static final long MAX_UNSENT_BYTES = 256 * 1024;

  private final NettyConnection connection;
  private final int maxFrameBytes;
  private final int receiveQueueFrames;
  private final LinkedBlockingQueue<Item> inbox = new LinkedBlockingQueue<>();
  private final ConcurrentLinkedQueue<Object> outbox = new ConcurrentLinkedQueue<>(); // ByteBuf | Marker
  private final AtomicLong unsentBytes = new AtomicLong();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final ReentrantLock writeLock = new ReentrantLock();
  private final Condition writable = writeLock.newCondition();

  private volatile QuicStreamChannel channel;
  private volatile StreamHeader header; // null while an inbound stream's header is pending
  private volatile TransportException sendFailure;
  private volatile boolean finished;
  private volatile boolean broken; // input discarded after a bad frame
  private volatile boolean paused; // reading from the network paused: the inbox is full
  private boolean ended; // event loop only: the end of the peer's side was handled
  private ChannelFuture lastWrite; // event loop only
  private Item terminal; // receive side only
  private ByteBuf cumulation; // event loop only

  /** An outbound stream: the header is known and is sent first. */
  NettyFrameStream(NettyConnection connection, StreamHeader header, int maxFrameBytes, int queue) {
    this.connection = connection;
    this.header = header;
    this.maxFrameBytes = maxFrameBytes;
    this.receiveQueueFrames = queue;
  }

  /** An inbound stream: the header is the first frame to arrive. */
  NettyFrameStream(NettyConnection connection, int maxFrameBytes, int queue) {
    this(connection, null, maxFrameBytes, queue);
  }

  // ---- FrameStream ----

  @Override
  public PublicKey peer() {
    return connection.peer();
  }

  @Override
  public ProtocolId protocol() {
    return header.protocol();
  }

  @Override
  public Bytes topic() {
    return header.topic();
  }

  @Override
  public void send(byte[] frame) throws InterruptedException {
    if (frame.length > maxFrameBytes) {
      throw new FrameTooLargeException(frame.length, maxFrameBytes);
    }
    writeFrame(frame);
  }

  /** Writes a frame without the size check; tests use it to play a misbehaving peer. */
  void writeFrame(byte[] frame) throws InterruptedException {
    QuicStreamChannel ch = channel;
    writeLock.lockInterruptibly();
    try {
      // Waiting and queueing under one lock: a concurrent finish() cannot put its FIN between.
      awaitWritable(ch);
      ByteBuf buf = ch.alloc().buffer(4 + frame.length);
      buf.writeInt(frame.length).writeBytes(frame);
      unsentBytes.addAndGet(buf.readableBytes());
      outbox.add(buf);
    } finally {
      writeLock.unlock();
    }
    scheduleDrain(ch);
  }

  /** Queues the end of this side behind every frame sent so far. */
  private void enqueue(QuicStreamChannel ch, Marker marker) {
    writeLock.lock();
    try {
      outbox.add(marker);
    } finally {
      writeLock.unlock();
    }
    scheduleDrain(ch);
  }

  /**
   * Frames go through an outbox that one event-loop task drains with a single flush, instead of
   * one cross-thread task and one flush (and so one QUIC packet) per frame.
   */
  private void scheduleDrain(QuicStreamChannel ch) {
    if (drainScheduled.compareAndSet(false, true)) {
      try {
        ch.eventLoop().execute(this::drain);
      } catch (RejectedExecutionException e) {
        drainScheduled.set(false);
        releaseOutbox();
      }
    }
  }

  /** Event loop only. */
  private void drain() {
    drainScheduled.set(false);
    QuicStreamChannel ch = channel;
    boolean wrote = false;
    for (Object item = outbox.poll(); item != null; item = outbox.poll()) {
      if (item instanceof ByteBuf buf) {
        int size = buf.readableBytes();
        if (!ch.isActive()) {
          buf.release();
          unsent(-size);
          continue;
        }
        ChannelFuture write = ch.write(buf);
        write.addListener(
            f -> {
              unsent(-size);
              if (!f.isSuccess() && sendFailure == null) {
                sendFailure = translate(f.cause(), "sending on the stream failed");
              }
            });
        lastWrite = write;
        wrote = true;
      } else if (item == Marker.FIN) {
        if (ch.isActive()) {
          // Netty queues this write behind any frame still waiting for flow-control credit.
          lastWrite = ch.write(QuicStreamFrame.EMPTY_FIN);
          wrote = true;
        }
      } else {
        // Closing fails whatever Netty still queues: wait for the last write (they finish in order).
        ChannelFuture pending = lastWrite;
        if (pending == null || pending.isDone()) {
          ch.close();
        } else {
          pending.addListener(f -> ch.close());
        }
      }
    }
    if (wrote) {
      ch.flush();
    }
    signalWriters();
  }

  /** Counts bytes in or out of the unsent total; wakes writers when it falls below the bound. */
  private void unsent(long delta) {
    long now = unsentBytes.addAndGet(delta);
    if (delta < 0 && now < MAX_UNSENT_BYTES && now - delta >= MAX_UNSENT_BYTES) {
      signalWriters();
    }
  }

  private void releaseOutbox() {
    for (Object item = outbox.poll(); item != null; item = outbox.poll()) {
      if (item instanceof ByteBuf buf) {
        unsentBytes.addAndGet(-buf.readableBytes());
        buf.release();
      }
    }
  }

  /** Holding {@link #writeLock}. */
  private void awaitWritable(QuicStreamChannel ch) throws InterruptedException {
    while (true) {
      TransportException failure = sendFailure;
      if (failure != null) {
        throw failure;
      }
      if (finished) {
        throw new IllegalStateException("this stream's sending side is finished");
      }
      if (!ch.isActive()) {
        throw new ConnectionClosedException("the stream is closed");
      }
      if (unsentBytes.get() < MAX_UNSENT_BYTES && ch.isWritable()) {
        return;
      }
      // Woken by a drain, a finished write or a writability change. The short timeout
      // re-checks what changes without either: the channel closing, and QUIC stream credit
      // returning (Netty does not always report that as a writability change).
      writable.await(5, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public Optional<byte[]> receive() throws InterruptedException {
    if (terminal != null) {
      return terminalResult();
    }
    Item item = inbox.take();
    QuicStreamChannel ch = channel;
    if (paused && ch != null) {
      ch.eventLoop().execute(this::resumeIfDrained);
    }
    if (item instanceof Frame frame) {
      return Optional.of(frame.payload());
    }
    terminal = item;
    return terminalResult();
  }

  private Optional<byte[]> terminalResult() {
    return switch (terminal) {
      case End e -> Optional.empty();
      case Failed f -> throw f.error();
      case Frame f -> throw new IllegalStateException("a frame is never terminal");
    };
  }

  @Override
  public void finish() {
    QuicStreamChannel ch = channel;
    if (endSending() && ch != null && ch.isActive()) {
      enqueue(ch, Marker.FIN);
    }
  }

  /** Marks the sending side finished; true for the one caller that did it. */
  private boolean endSending() {
    writeLock.lock();
    try {
      if (finished) {
        return false;
      }
      finished = true;
      return true;
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public void reset(StreamErrorCode code) {
    finished = true;
    QuicStreamChannel ch = channel;
    if (ch != null && ch.isActive()) {
      ch.shutdown(code.code()).addListener(f -> ch.close());
    }
    fail(new StreamResetException("the stream was reset by this side", code.code()));
  }

  @Override
  public void close() {
    QuicStreamChannel ch = channel;
    if (ch == null) {
      return;
    }
    if (endSending() && ch.isActive()) {
      enqueue(ch, Marker.FIN);
    }
    enqueue(ch, Marker.CLOSE);
  }

  // ---- Netty side (event loop) ----

  void attach(QuicStreamChannel ch) {
    this.channel = ch;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    QuicStreamChannel ch = (QuicStreamChannel) ctx.channel();
    channel = ch;
    // The peer finishing its side must not close ours: request/response protocols need both.
    ch.config().setAllowHalfClosure(true);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf in) || broken) {
      ReferenceCountUtil.release(msg);
      return;
    }
    try {
      if (cumulation == null) {
        cumulation = ctx.alloc().buffer(Math.max(256, in.readableBytes()));
      }
      cumulation.writeBytes(in);
    } finally {
      in.release();
    }
    splitFrames(ctx);
    if (inbox.size() >= receiveQueueFrames && !paused) {
      // Set the flag first, then look again: a receiver that drained the inbox before seeing
      // the flag is caught by the second look; one that sees the flag schedules the same check.
      paused = true;
      ctx.channel().config().setAutoRead(false);
      resumeIfDrained();
    }
  }

  /** Event loop only: reads from the network again once the caller has caught up. */
  private void resumeIfDrained() {
    QuicStreamChannel ch = channel;
    if (paused && inbox.size() <= receiveQueueFrames / 2) {
      paused = false;
      ch.config().setAutoRead(true);
      ch.read();
    }
  }

  private void splitFrames(ChannelHandlerContext ctx) {
    while (!broken && cumulation.readableBytes() >= 4) {
      long length = cumulation.getUnsignedInt(cumulation.readerIndex());
      int limit = header == null ? StreamHeader.MAX_ENCODED : maxFrameBytes;
      if (length > limit) {
        rejectInput(
            header == null ? StreamErrorCode.BAD_HEADER : StreamErrorCode.FRAME_TOO_LARGE,
            "received a frame of " + length + " bytes, more than the maximum of " + limit);
        return;
      }
      if (cumulation.readableBytes() < 4 + length) {
        break;
      }
      cumulation.skipBytes(4);
      byte[] payload = new byte[(int) length];
      cumulation.readBytes(payload);
      if (header == null) {
        Optional<StreamHeader> decoded = StreamHeader.decode(payload);
        if (decoded.isEmpty()) {
          rejectInput(StreamErrorCode.BAD_HEADER, "the stream header is malformed");
          return;
        }
        header = decoded.get();
        connection.endpoint().dispatch(this);
      } else {
        inbox.add(new Frame(payload));
      }
    }
    if (cumulation.readableBytes() == 0) {
      cumulation.clear();
    } else {
      cumulation.discardSomeReadBytes();
    }
  }

  /** A peer's bad input ends this stream, with a code the peer sees, and nothing else. */
  private void rejectInput(StreamErrorCode code, String why) {
    broken = true;
    releaseCumulation();
    QuicStreamChannel ch = channel;
    fail(new StreamResetException(why, code.code()));
    ch.shutdown(code.code()).addListener(f -> ch.close());
    paused = false;
    ch.config().setAutoRead(true); // keep draining (and dropping) whatever still arrives
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    boolean inputEnded =
        evt == ChannelInputShutdownReadComplete.INSTANCE || evt == ChannelInputShutdownEvent.INSTANCE;
    if (inputEnded && !ended) {
      // Netty fires both events, after every byte before the FIN went through channelRead.
      ended = true;
      if (header != null && !broken) {
        if (cumulation != null && cumulation.isReadable()) {
          // A FIN inside a frame: the peer's frames are incomplete, which is not a clean end.
          fail(new ConnectionClosedException(
              "the peer finished the stream inside a frame (" + cumulation.readableBytes()
                  + " bytes of it arrived)"));
        } else {
          inbox.add(new End());
        }
      }
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    signalWriters();
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    TransportException error = translate(cause, "the stream failed");
    fail(error);
    if (sendFailure == null) {
      sendFailure = error;
    }
    signalWriters();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    releaseCumulation();
    releaseOutbox();
    fail(new ConnectionClosedException("the stream closed before the peer finished it"));
    if (sendFailure == null) {
      sendFailure = new ConnectionClosedException("the stream is closed");
    }
    signalWriters();
    connection.streamClosed(this);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    releaseCumulation();
  }

  private void releaseCumulation() {
    if (cumulation != null) {
      cumulation.release();
      cumulation = null;
    }
  }

  private void signalWriters() {
    writeLock.lock();
    try {
      writable.signalAll();
    } finally {
      writeLock.unlock();
    }
  }

  /** Adds a terminal failure unless the stream already ended; later items are never read. */
  void fail(TransportException error) {
    inbox.add(new Failed(error));
  }

  int maxFrameBytes() {
    return maxFrameBytes;
  }

  /** The stream's channel, for tests that need to stall or bypass its event loop. */
  QuicStreamChannel channel() {
    return channel;
  }

  private static TransportException translate(Throwable cause, String what) {
    if (cause instanceof TransportException t) {
      return t;
    }
    if (cause instanceof QuicStreamResetException reset) {
      return new StreamResetException("the peer reset the stream", reset.applicationProtocolCode());
    }
    return new ConnectionClosedException(what + ": " + cause, cause);
  }
}
