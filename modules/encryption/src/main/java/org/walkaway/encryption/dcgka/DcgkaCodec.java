package org.walkaway.encryption.dcgka;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.walkaway.core.Bytes;
import org.walkaway.core.Hash;
import org.walkaway.core.PublicKey;
import org.walkaway.core.Verdict;
import org.walkaway.encryption.ChannelMessage;
import org.walkaway.encryption.ChannelMessageCodec;
import org.walkaway.encryption.EncryptionFailure;
import org.walkaway.encryption.internal.CodecReader;
import org.walkaway.encryption.internal.CodecWriter;

/**
 * The wire form of DCGKA's {@link ControlMessage}s and {@link DirectMessage}s: canonical CBOR (shortest
 * heads, definite lengths), written and read with this module's bounded codec. Keys and hashes are
 * 32-byte strings; a channel message is nested as the byte string {@link ChannelMessageCodec} gives.
 *
 * <pre>
 *   Create  [16, [member...]]        members strictly increasing (so: sorted, distinct)
 *   Update  [17]
 *   Add     [18, added]              Remove [19, removed]
 *   Ack     [20, acknowledged-id]    AddAck [21, acknowledged-id]
 *
 *   Seed    [24, recipient, initiator, channel-message]
 *   Forward [25, recipient, initiator, channel-message]
 *   Welcome [26, recipient, initiator, channel-message, [operation...]]
 *     operation: [0, sender, id, [member...]]   create
 *                [1, sender, id, added]        add
 *                [2, sender, id, removed]      remove
 *                [3, sender, acknowledged-id]  ack
 * </pre>
 *
 * Decoding accepts exactly what encoding gives and refuses everything else with
 * {@link EncryptionFailure#MALFORMED}; no length in the input makes it allocate more than the input holds.
 */
public final class DcgkaCodec {
  /** At most this many members in a create and operations in a welcome's history. */
  public static final int MAX_MEMBERS = 100_000;
  public static final int MAX_HISTORY = 1_000_000;

  static final int CREATE = 16;
  static final int UPDATE = 17;
  static final int ADD = 18;
  static final int REMOVE = 19;
  static final int ACK = 20;
  static final int ADD_ACK = 21;
  static final int SEED = 24;
  static final int FORWARD = 25;
  static final int WELCOME = 26;

  private DcgkaCodec() {}

  public static Bytes encode(ControlMessage message) {
    Objects.requireNonNull(message, "message");
    CodecWriter out = new CodecWriter();
    switch (message) {
      case ControlMessage.Create create -> writeMembers(out.array(2).unsigned(CREATE), create.members());
      case ControlMessage.Update update -> out.array(1).unsigned(UPDATE);
      case ControlMessage.Add add -> out.array(2).unsigned(ADD).bytes(key(add.added()));
      case ControlMessage.Remove remove -> out.array(2).unsigned(REMOVE).bytes(key(remove.removed()));
      case ControlMessage.Ack ack -> out.array(2).unsigned(ACK).bytes(ack.acknowledged().bytes().toArray());
      case ControlMessage.AddAck addAck -> out.array(2).unsigned(ADD_ACK).bytes(addAck.acknowledged().bytes().toArray());
    }
    return Bytes.of(out.toByteArray());
  }

  public static Verdict<ControlMessage> decodeControl(Bytes encoded) {
    return decode(encoded, "a DCGKA control message", in -> {
      int length = in.arrayUpTo(2, "a DCGKA control message");
      if (length == 0) {
        throw new CodecReader.Malformed("a DCGKA control message is empty");
      }
      long tag = in.unsigned(255, "a control message's type tag");
      ControlMessage message = switch ((int) tag) {
        case CREATE -> length == 2 ? new ControlMessage.Create(readMembers(in)) : null;
        case UPDATE -> length == 1 ? new ControlMessage.Update() : null;
        case ADD -> length == 2 ? new ControlMessage.Add(readKey(in, "the added member")) : null;
        case REMOVE -> length == 2 ? new ControlMessage.Remove(readKey(in, "the removed member")) : null;
        case ACK -> length == 2 ? new ControlMessage.Ack(readHash(in, "the acknowledged id")) : null;
        case ADD_ACK -> length == 2 ? new ControlMessage.AddAck(readHash(in, "the acknowledged id")) : null;
        default -> null;
      };
      if (message == null) {
        throw new CodecReader.Malformed("no control message has type tag " + tag + " and " + length + " elements");
      }
      return message;
    });
  }

  public static Bytes encode(DirectMessage message) {
    Objects.requireNonNull(message, "message");
    int tag = switch (message) {
      case DirectMessage.Seed seed -> SEED;
      case DirectMessage.Forward forward -> FORWARD;
      case DirectMessage.Welcome welcome -> WELCOME;
    };
    Bytes channel = ChannelMessageCodec.encode(message.sealed().message());
    CodecWriter out = new CodecWriter(channel.length() + 128)
        .array(message instanceof DirectMessage.Welcome ? 5 : 4)
        .unsigned(tag)
        .bytes(key(message.recipient()))
        .bytes(key(message.sealed().initiator()))
        .bytes(channel.toArray());
    if (message instanceof DirectMessage.Welcome welcome) {
      out.array(welcome.history().size());
      for (MembershipOperation operation : welcome.history()) {
        switch (operation) {
          case MembershipOperation.Create create ->
              writeMembers(out.array(4).unsigned(0).bytes(key(create.sender())).bytes(create.id().bytes().toArray()), create.members());
          case MembershipOperation.Add add ->
              out.array(4).unsigned(1).bytes(key(add.sender())).bytes(add.id().bytes().toArray()).bytes(key(add.added()));
          case MembershipOperation.Remove remove ->
              out.array(4).unsigned(2).bytes(key(remove.sender())).bytes(remove.id().bytes().toArray()).bytes(key(remove.removed()));
          case MembershipOperation.Ack ack ->
              out.array(3).unsigned(3).bytes(key(ack.sender())).bytes(ack.acknowledged().bytes().toArray());
        }
      }
    }
    return Bytes.of(out.toByteArray());
  }

  public static Verdict<DirectMessage> decodeDirect(Bytes encoded) {
    return decode(encoded, "a DCGKA direct message", in -> {
      int length = in.arrayUpTo(5, "a DCGKA direct message");
      if (length < 4) {
        throw new CodecReader.Malformed("a DCGKA direct message has 4 or 5 elements, got " + length);
      }
      long tag = in.unsigned(255, "a direct message's type tag");
      PublicKey recipient = readKey(in, "the recipient");
      PublicKey initiator = readKey(in, "the channel's initiator");
      byte[] channelBytes = in.bytes(1, ChannelMessageCodec.MAX_CIPHERTEXT + 4096, "the channel message");
      Verdict<ChannelMessage> channel = ChannelMessageCodec.decode(Bytes.of(channelBytes));
      if (channel instanceof Verdict.Rejected<ChannelMessage> rejected) {
        throw new CodecReader.Malformed("the nested channel message: " + rejected.rejection().message());
      }
      DirectMessage.Sealed sealed = new DirectMessage.Sealed(initiator, channel.orElseThrow());
      if (tag == SEED && length == 4) {
        return new DirectMessage.Seed(recipient, sealed);
      }
      if (tag == FORWARD && length == 4) {
        return new DirectMessage.Forward(recipient, sealed);
      }
      if (tag == WELCOME && length == 5) {
        return new DirectMessage.Welcome(recipient, readHistory(in), sealed);
      }
      throw new CodecReader.Malformed("no direct message has type tag " + tag + " and " + length + " elements");
    });
  }

  private static List<MembershipOperation> readHistory(CodecReader in) {
    int count = in.arrayUpTo(MAX_HISTORY, "a welcome's history");
    List<MembershipOperation> history = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int length = in.arrayUpTo(4, "a history operation");
      long kind = in.unsigned(3, "a history operation's kind");
      PublicKey sender = readKey(in, "an operation's sender");
      if (kind == 3 && length == 3) {
        history.add(new MembershipOperation.Ack(sender, readHash(in, "the acknowledged id")));
        continue;
      }
      if (length != 4 || kind == 3) {
        throw new CodecReader.Malformed("a history operation of kind " + kind + " has " + (kind == 3 ? 3 : 4) + " elements, got " + length);
      }
      Hash id = readHash(in, "an operation's id");
      history.add(switch ((int) kind) {
        case 0 -> new MembershipOperation.Create(sender, id, readMembers(in));
        case 1 -> new MembershipOperation.Add(sender, id, readKey(in, "the added member"));
        default -> new MembershipOperation.Remove(sender, id, readKey(in, "the removed member"));
      });
    }
    return history;
  }

  private static void writeMembers(CodecWriter out, List<PublicKey> members) {
    out.array(members.size());
    members.forEach(member -> out.bytes(key(member)));
  }

  private static List<PublicKey> readMembers(CodecReader in) {
    int count = in.arrayUpTo(MAX_MEMBERS, "the members");
    if (count == 0) {
      throw new CodecReader.Malformed("a group has at least one member");
    }
    List<PublicKey> members = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      PublicKey member = readKey(in, "a member");
      if (!members.isEmpty() && members.getLast().compareTo(member) >= 0) {
        throw new CodecReader.Malformed("members must be strictly increasing (sorted, no duplicates)");
      }
      members.add(member);
    }
    return members;
  }

  private static byte[] key(PublicKey key) {
    return key.bytes().toArray();
  }

  private static PublicKey readKey(CodecReader in, String what) {
    return new PublicKey(Bytes.of(in.bytes(PublicKey.LENGTH, what)));
  }

  private static Hash readHash(CodecReader in, String what) {
    return new Hash(Bytes.of(in.bytes(Hash.LENGTH, what)));
  }

  private static <T> Verdict<T> decode(Bytes encoded, String what, Function<CodecReader, T> read) {
    Objects.requireNonNull(encoded, "encoded");
    CodecReader in = new CodecReader(encoded.toArray());
    try {
      T value = read.apply(in);
      in.end(what);
      return Verdict.accepted(value);
    } catch (CodecReader.Malformed | IllegalArgumentException malformed) {
      return Verdict.rejected(EncryptionFailure.MALFORMED.rejection(what + ": " + malformed.getMessage()));
    }
  }
}
