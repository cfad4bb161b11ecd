package org.walkaway.gossip;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.walkaway.core.Bytes;
import org.walkaway.core.Hash;
import org.walkaway.core.PublicKey;
import org.walkaway.core.Rejection;
import org.walkaway.core.Verdict;

/**
 * The wire format of {@link GossipMessage}s: one message per frame (the transport delimits frames).
 * Integers are big-endian and unsigned; ids, keys and topics are 32 raw bytes.
 *
 * <pre>
 *   frame   = version:u8 (=1)  kind:u8  topic:32  body
 *   Join          1   (empty)
 *   ForwardJoin   2   joiner:32 ttl:u16
 *   Neighbor      3   priority:u8 (0 high, 1 low)
 *   NeighborReply 4   accepted:u8 (0 or 1)
 *   Disconnect    5   alive:u8 (0 or 1)
 *   Shuffle       6   origin:32 ttl:u16 count:u16 peer:32 × count
 *   ShuffleReply  7   count:u16 peer:32 × count
 *   Gossip       16   id:32 hops:u16 length:u32 payload:length
 *   IHave        17   count:u16 (id:32 hops:u16) × count
 *   Graft        18   count:u16 id:32 × count
 *   Prune        19   (empty)
 * </pre>
 *
 * Decoding is strict (each value has one encoding, nothing may trail) and bounded: a payload longer
 * than the configured maximum, or a list longer than {@link #maxListEntries()}, is rejected before
 * anything is allocated for it.
 */
public final class GossipCodec {
  public static final int VERSION = 1;
  /** Version, kind and topic. */
  public static final int HEADER_BYTES = 2 + TopicId.LENGTH;

  private static final int JOIN = 1;
  private static final int FORWARD_JOIN = 2;
  private static final int NEIGHBOR = 3;
  private static final int NEIGHBOR_REPLY = 4;
  private static final int DISCONNECT = 5;
  private static final int SHUFFLE = 6;
  private static final int SHUFFLE_REPLY = 7;
  private static final int GOSSIP = 16;
  private static final int IHAVE = 17;
  private static final int GRAFT = 18;
  private static final int PRUNE = 19;

  private final int maxPayloadBytes;
  private final int maxListEntries;

  private GossipCodec(int maxPayloadBytes, int maxListEntries) {
    if (maxPayloadBytes < 0 || maxListEntries < 0 || maxListEntries > 0xFFFF) {
      throw new IllegalArgumentException("limits out of range: payload " + maxPayloadBytes
          + ", list entries " + maxListEntries);
    }
    this.maxPayloadBytes = maxPayloadBytes;
    this.maxListEntries = maxListEntries;
  }

  /** A codec accepting payloads up to {@code maxPayloadBytes} and lists of up to {@code maxListEntries}. */
  public static GossipCodec of(int maxPayloadBytes, int maxListEntries) {
    return new GossipCodec(maxPayloadBytes, maxListEntries);
  }

  /** A codec whose limits fit {@code config}: its payload limit, and 1,024 entries per list. */
  public static GossipCodec forConfig(GossipConfig config) {
    return new GossipCodec(config.broadcast().maxPayloadBytes(), 1024);
  }

  public int maxPayloadBytes() {
    return maxPayloadBytes;
  }

  public int maxListEntries() {
    return maxListEntries;
  }

  /** The largest frame this codec decodes: a {@code Gossip} with the largest payload, or a full list. */
  public int maxFrameBytes() {
    int gossip = HEADER_BYTES + 32 + 2 + 4 + maxPayloadBytes;
    int list = HEADER_BYTES + 32 + 2 + 2 + maxListEntries * 34;
    return Math.max(gossip, list);
  }

  /**
   * Encodes {@code message}.
   *
   * @throws IllegalArgumentException if it breaks this codec's limits (a local bug: published
   *     payloads are checked against the same limit earlier)
   */
  public Bytes encode(GossipMessage message) {
    ByteBuffer out = ByteBuffer.allocate(encodedLength(message));
    out.put((byte) VERSION);
    out.put((byte) kind(message));
    message.topic().bytes().copyTo(out.array(), out.position());
    out.position(out.position() + TopicId.LENGTH);
    switch (message) {
      case GossipMessage.Join join -> { }
      case GossipMessage.ForwardJoin forward -> {
        put(out, forward.joiner().bytes());
        out.putShort((short) forward.ttl());
      }
      case GossipMessage.Neighbor neighbor ->
          out.put((byte) (neighbor.priority() == GossipMessage.Priority.HIGH ? 0 : 1));
      case GossipMessage.NeighborReply reply -> out.put((byte) (reply.accepted() ? 1 : 0));
      case GossipMessage.Disconnect disconnect -> out.put((byte) (disconnect.alive() ? 1 : 0));
      case GossipMessage.Shuffle shuffle -> {
        put(out, shuffle.origin().bytes());
        out.putShort((short) shuffle.ttl());
        putPeers(out, shuffle.peers());
      }
      case GossipMessage.ShuffleReply reply -> putPeers(out, reply.peers());
      case GossipMessage.Gossip gossip -> {
        requirePayload(gossip.payload().length());
        put(out, gossip.id().bytes());
        out.putShort((short) gossip.hops());
        out.putInt(gossip.payload().length());
        put(out, gossip.payload());
      }
      case GossipMessage.IHave ihave -> {
        requireListSize(ihave.announcements().size());
        out.putShort((short) ihave.announcements().size());
        for (GossipMessage.Announcement announcement : ihave.announcements()) {
          put(out, announcement.id().bytes());
          out.putShort((short) announcement.hops());
        }
      }
      case GossipMessage.Graft graft -> {
        requireListSize(graft.ids().size());
        out.putShort((short) graft.ids().size());
        for (Hash id : graft.ids()) {
          put(out, id.bytes());
        }
      }
      case GossipMessage.Prune prune -> { }
    }
    return Bytes.of(out.array());
  }

  /** Decodes one frame; anything malformed, unknown or over a limit is a {@link Rejection}. */
  public Verdict<GossipMessage> decode(Bytes frame) {
    if (frame.length() > maxFrameBytes()) {
      return Verdict.rejected(Rejection.Reason.LIMIT_EXCEEDED,
          "a frame of " + frame.length() + " bytes, the limit is " + maxFrameBytes());
    }
    ByteBuffer in = ByteBuffer.wrap(frame.toArray());
    try {
      int version = Byte.toUnsignedInt(in.get());
      if (version != VERSION) {
        return Verdict.rejected(Rejection.Reason.UNSUPPORTED_VERSION, "gossip frame version " + version);
      }
      int kind = Byte.toUnsignedInt(in.get());
      TopicId topic = new TopicId(take(in, TopicId.LENGTH));
      GossipMessage message;
      switch (kind) {
        case JOIN -> message = new GossipMessage.Join(topic);
        case FORWARD_JOIN -> message = new GossipMessage.ForwardJoin(topic, key(in), u16(in));
        case NEIGHBOR -> {
          int priority = Byte.toUnsignedInt(in.get());
          if (priority > 1) {
            return Verdict.rejected(Rejection.Reason.MALFORMED, "neighbor priority " + priority);
          }
          message = new GossipMessage.Neighbor(topic,
              priority == 0 ? GossipMessage.Priority.HIGH : GossipMessage.Priority.LOW);
        }
        case NEIGHBOR_REPLY -> message = new GossipMessage.NeighborReply(topic, bool(in));
        case DISCONNECT -> message = new GossipMessage.Disconnect(topic, bool(in));
        case SHUFFLE -> {
          PublicKey origin = key(in);
          int ttl = u16(in);
          message = new GossipMessage.Shuffle(topic, origin, ttl, peers(in));
        }
        case SHUFFLE_REPLY -> message = new GossipMessage.ShuffleReply(topic, peers(in));
        case GOSSIP -> {
          Hash id = new Hash(take(in, 32));
          int hops = u16(in);
          long length = Integer.toUnsignedLong(in.getInt());
          if (length > maxPayloadBytes) {
            return Verdict.rejected(Rejection.Reason.LIMIT_EXCEEDED,
                "a payload of " + length + " bytes, the limit is " + maxPayloadBytes);
          }
          message = new GossipMessage.Gossip(topic, id, hops, take(in, (int) length));
        }
        case IHAVE -> {
          int count = listSize(in);
          List<GossipMessage.Announcement> announcements = new ArrayList<>(count);
          for (int i = 0; i < count; i++) {
            announcements.add(new GossipMessage.Announcement(new Hash(take(in, 32)), u16(in)));
          }
          message = new GossipMessage.IHave(topic, announcements);
        }
        case GRAFT -> {
          int count = listSize(in);
          List<Hash> ids = new ArrayList<>(count);
          for (int i = 0; i < count; i++) {
            ids.add(new Hash(take(in, 32)));
          }
          message = new GossipMessage.Graft(topic, ids);
        }
        case PRUNE -> message = new GossipMessage.Prune(topic);
        default -> {
          return Verdict.rejected(Rejection.Reason.MALFORMED, "unknown gossip message kind " + kind);
        }
      }
      if (in.hasRemaining()) {
        return Verdict.rejected(Rejection.Reason.MALFORMED,
            in.remaining() + " bytes trail a gossip message of kind " + kind);
      }
      return Verdict.accepted(message);
    } catch (BufferUnderflowException e) {
      return Verdict.rejected(Rejection.Reason.MALFORMED, "truncated gossip frame of " + frame.length() + " bytes");
    } catch (Malformed e) {
      return Verdict.rejected(e.reason, e.getMessage());
    }
  }

  private static int encodedLength(GossipMessage message) {
    return HEADER_BYTES + switch (message) {
      case GossipMessage.Join join -> 0;
      case GossipMessage.ForwardJoin forward -> 32 + 2;
      case GossipMessage.Neighbor neighbor -> 1;
      case GossipMessage.NeighborReply reply -> 1;
      case GossipMessage.Disconnect disconnect -> 1;
      case GossipMessage.Shuffle shuffle -> 32 + 2 + 2 + 32 * shuffle.peers().size();
      case GossipMessage.ShuffleReply reply -> 2 + 32 * reply.peers().size();
      case GossipMessage.Gossip gossip -> 32 + 2 + 4 + gossip.payload().length();
      case GossipMessage.IHave ihave -> 2 + 34 * ihave.announcements().size();
      case GossipMessage.Graft graft -> 2 + 32 * graft.ids().size();
      case GossipMessage.Prune prune -> 0;
    };
  }

  private static int kind(GossipMessage message) {
    return switch (message) {
      case GossipMessage.Join join -> JOIN;
      case GossipMessage.ForwardJoin forward -> FORWARD_JOIN;
      case GossipMessage.Neighbor neighbor -> NEIGHBOR;
      case GossipMessage.NeighborReply reply -> NEIGHBOR_REPLY;
      case GossipMessage.Disconnect disconnect -> DISCONNECT;
      case GossipMessage.Shuffle shuffle -> SHUFFLE;
      case GossipMessage.ShuffleReply reply -> SHUFFLE_REPLY;
      case GossipMessage.Gossip gossip -> GOSSIP;
      case GossipMessage.IHave ihave -> IHAVE;
      case GossipMessage.Graft graft -> GRAFT;
      case GossipMessage.Prune prune -> PRUNE;
    };
  }

  private void requirePayload(int length) {
    if (length > maxPayloadBytes) {
      throw new IllegalArgumentException("a payload of " + length + " bytes, the limit is " + maxPayloadBytes);
    }
  }

  private void requireListSize(int size) {
    if (size > maxListEntries) {
      throw new IllegalArgumentException("a list of " + size + " entries, the limit is " + maxListEntries);
    }
  }

  private void putPeers(ByteBuffer out, List<PublicKey> peers) {
    requireListSize(peers.size());
    out.putShort((short) peers.size());
    for (PublicKey peer : peers) {
      put(out, peer.bytes());
    }
  }

  private static void put(ByteBuffer out, Bytes bytes) {
    bytes.copyTo(out.array(), out.position());
    out.position(out.position() + bytes.length());
  }

  private static Bytes take(ByteBuffer in, int length) {
    if (in.remaining() < length) {
      throw new BufferUnderflowException();
    }
    Bytes bytes = Bytes.of(in.array(), in.position(), length);
    in.position(in.position() + length);
    return bytes;
  }

  private static PublicKey key(ByteBuffer in) {
    return new PublicKey(take(in, PublicKey.LENGTH));
  }

  private static int u16(ByteBuffer in) {
    return Short.toUnsignedInt(in.getShort());
  }

  private static boolean bool(ByteBuffer in) {
    int value = Byte.toUnsignedInt(in.get());
    if (value > 1) {
      throw new Malformed(Rejection.Reason.NON_CANONICAL, "a boolean encoded as " + value);
    }
    return value == 1;
  }

  private int listSize(ByteBuffer in) {
    int count = u16(in);
    if (count > maxListEntries) {
      throw new Malformed(Rejection.Reason.LIMIT_EXCEEDED,
          "a list of " + count + " entries, the limit is " + maxListEntries);
    }
    return count;
  }

  private List<PublicKey> peers(ByteBuffer in) {
    int count = listSize(in);
    List<PublicKey> peers = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      peers.add(key(in));
    }
    return peers;
  }

  /** Internal signal for a malformed value, turned into a rejection by {@link #decode}. */
  private static final class Malformed extends RuntimeException {
    private final transient Rejection.Reason reason;

    Malformed(Rejection.Reason reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }
  }
}
