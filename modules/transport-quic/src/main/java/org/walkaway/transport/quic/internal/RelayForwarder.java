package org.walkaway.transport.quic.internal;

import java.util.Optional;
import org.walkaway.core.PublicKey;
import org.walkaway.transport.quic.Connection;
import org.walkaway.transport.quic.QuicEndpoint;
import org.walkaway.transport.quic.StreamErrorCode;
import org.walkaway.transport.quic.StreamResetException;
import org.walkaway.transport.quic.TransportException;

/**
 * The relay's whole job: pair a stream from one peer with a new stream to the peer it names, and
 * copy frames both ways until both sides finish. Frames are opaque (end-to-end encrypted by the
 * peers); nothing is logged or stored, and a reset on one side resets the other.
 */
final class RelayForwarder {
  private RelayForwarder() {}

  static void forward(NettyQuicEndpoint relay, NettyFrameStream from, PublicKey target) {
    Optional<Connection> connection = relay.connection(target);
    if (connection.isEmpty() || target.equals(from.peer())) {
      from.reset(StreamErrorCode.PEER_UNREACHABLE);
      return;
    }
    NettyFrameStream to;
    try {
      to = ((NettyConnection) connection.get()).openRaw(QuicEndpoint.RELAY_PROTOCOL, from.peer().bytes());
    } catch (TransportException e) {
      from.reset(StreamErrorCode.PEER_UNREACHABLE);
      return;
    } catch (InterruptedException e) {
      from.reset(StreamErrorCode.CANCELLED);
      Thread.currentThread().interrupt();
      return;
    }
    Thread back = Thread.ofVirtual().name("walkaway-relay-back").start(() -> pump(to, from));
    pump(from, to);
    try {
      back.join();
    } catch (InterruptedException e) {
      to.reset(StreamErrorCode.CANCELLED);
      from.reset(StreamErrorCode.CANCELLED);
      Thread.currentThread().interrupt();
    } finally {
      from.close();
      to.close();
    }
  }

  private static void pump(NettyFrameStream in, NettyFrameStream out) {
    try {
      while (true) {
        Optional<byte[]> frame = in.receive();
        if (frame.isEmpty()) {
          out.finish();
          return;
        }
        out.writeFrame(frame.get());
      }
    } catch (StreamResetException e) {
      out.reset(e.errorCode().orElse(StreamErrorCode.CANCELLED));
      in.reset(e.errorCode().orElse(StreamErrorCode.CANCELLED));
    } catch (TransportException e) {
      out.reset(StreamErrorCode.CANCELLED);
      in.reset(StreamErrorCode.CANCELLED);
    } catch (InterruptedException e) {
      out.reset(StreamErrorCode.CANCELLED);
      Thread.currentThread().interrupt();
    }
  }
}
