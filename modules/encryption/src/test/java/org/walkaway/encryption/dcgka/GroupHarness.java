package org.walkaway.encryption.dcgka;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.walkaway.core.Bytes;
import org.walkaway.core.Hash;
import org.walkaway.core.PublicKey;
import org.walkaway.core.SigningKey;
import org.walkaway.encryption.LocalIdentity;
import org.walkaway.encryption.PrekeyBundle;

/**
 * A little in-memory causal broadcast for DCGKA tests: every control message carries the set of
 * messages its sender had delivered; a message is delivered to a member once all of those are. A
 * newcomer starts with what its adder had delivered (the welcome covers it). Delivery order among
 * deliverable messages is chosen by a seeded random generator, or step by step by the test.
 */
final class GroupHarness {
  static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");

  record Broadcast(Hash id, PublicKey sender, ControlMessage control, Map<PublicKey, DirectMessage> directs, Set<Hash> past) {}

  final class Member {
    final PublicKey key;
    final Dcgka dcgka;
    /** Present when the harness runs the data scheme on top of DCGKA. */
    final GroupDataScheme data;
    final Set<Hash> delivered = new HashSet<>();
    /** Every update secret this member derived, by sender and generation. */
    final Map<PublicKey, TreeMap<Long, UpdateSecret>> secrets = new HashMap<>();
    /** All secrets in derivation order, to ask "what did it derive after step k". */
    final List<UpdateSecret> derivedInOrder = new ArrayList<>();

    Member(PublicKey key, Dcgka dcgka, GroupDataScheme data) {
      this.key = key;
      this.dcgka = dcgka;
      this.data = data;
    }

    void keep(List<UpdateSecret> derived) {
      for (UpdateSecret secret : derived) {
        UpdateSecret previous = secrets.computeIfAbsent(secret.sender(), k -> new TreeMap<>()).put(secret.generation(), secret);
        if (previous != null) {
          throw new AssertionError(key + " derived generation " + secret.generation() + " of " + secret.sender() + " twice (seed " + seed + ")");
        }
        derivedInOrder.add(secret);
      }
    }

    UpdateSecret latest(PublicKey sender) {
      return secrets.get(sender).lastEntry().getValue();
    }

    @Override
    public String toString() {
      return names.get(key);
    }
  }

  final long seed;
  final SplittableRandom random;
  final Map<PublicKey, Member> members = new LinkedHashMap<>();
  final Map<PublicKey, String> names = new HashMap<>();
  final List<Broadcast> log = new ArrayList<>();
  private final Map<PublicKey, PrekeyBundle> bundles = new HashMap<>();
  private long nextId;
  /** The timestamp of the events that carry the messages (the data scheme dates its secrets by it). */
  Instant eventTime = NOW;
  long messagesSent;
  long bytesSent;

  private final boolean withDataScheme;

  GroupHarness(long seed) {
    this(seed, false);
  }

  GroupHarness(long seed, boolean withDataScheme) {
    this.seed = seed;
    this.random = new SplittableRandom(seed);
    this.withDataScheme = withDataScheme;
  }

  /** A new identity with a published bundle and a DCGKA instance (not in the group yet). */
  Member newMember(String name) {
    SigningKey signingKey = SigningKey.generate(random);
    LocalIdentity local = LocalIdentity.create(signingKey, random);
    local.rotateSignedPrekey(signingKey, NOW.minusSeconds(60), Duration.ofDays(7));
    bundles.put(local.identity(), local.bundle(0));
    Dcgka dcgka = Dcgka.of(local, key -> Optional.ofNullable(bundles.get(key)), random.split(), InstantSource.fixed(NOW));
    Member member = new Member(local.identity(), dcgka, withDataScheme ? new GroupDataScheme(dcgka, random.split()) : null);
    members.put(member.key, member);
    names.put(member.key, name);
    return member;
  }

  Member create(Member creator, Member... others) {
    List<PublicKey> keys = new ArrayList<>();
    for (Member other : others) {
      keys.add(other.key);
    }
    send(creator, creator.dcgka.create(keys));
    return creator;
  }

  Broadcast update(Member member) {
    return send(member, member.dcgka.update());
  }

  Broadcast remove(Member remover, Member removed) {
    return send(remover, remover.dcgka.remove(removed.key));
  }

  Broadcast add(Member adder, Member added) {
    return send(adder, adder.dcgka.add(added.key));
  }

  Broadcast addWithHistory(Member adder, Member added, boolean history) {
    return send(adder, adder.data.add(added.key, history));
  }

  Broadcast send(Member sender, Dcgka.Outgoing outgoing) {
    Hash id = nextId();
    Broadcast broadcast = broadcast(sender, id, outgoing.control(), outgoing.directMessages());
    sender.keep(sender.data != null ? sender.data.confirm(id, eventTime) : sender.dcgka.confirm(id));
    return broadcast;
  }

  private Broadcast broadcast(Member sender, Hash id, ControlMessage control, List<DirectMessage> directs) {
    // Everything travels through the wire codec, as it would between peers.
    Bytes encodedControl = DcgkaCodec.encode(control);
    bytesSent += encodedControl.length();
    messagesSent++;
    control = DcgkaCodec.decodeControl(encodedControl).orElseThrow();
    Map<PublicKey, DirectMessage> byRecipient = new HashMap<>();
    for (DirectMessage original : directs) {
      Bytes encodedDirect = DcgkaCodec.encode(original);
      bytesSent += encodedDirect.length();
      messagesSent++;
      DirectMessage direct = DcgkaCodec.decodeDirect(encodedDirect).orElseThrow();
      if (!direct.equals(original)) {
        throw new AssertionError("the codec changed " + original);
      }
      if (byRecipient.put(direct.recipient(), direct) != null) {
        throw new AssertionError("two direct messages to one recipient in " + control);
      }
    }
    Broadcast broadcast = new Broadcast(id, sender.key, control, byRecipient, Set.copyOf(sender.delivered));
    sender.delivered.add(id);
    log.add(broadcast);
    return broadcast;
  }

  private Hash nextId() {
    return Hash.of(ByteBuffer.allocate(16).putLong(seed).putLong(nextId++).array());
  }

  boolean joined(Member member) {
    return !member.delivered.isEmpty();
  }

  boolean deliverable(Member member, Broadcast broadcast) {
    if (member.delivered.contains(broadcast.id()) || broadcast.sender().equals(member.key)) {
      return false;
    }
    if (!joined(member)) {
      return broadcast.control() instanceof ControlMessage.Add add && add.added().equals(member.key)
          || broadcast.control() instanceof ControlMessage.Create create && create.members().contains(member.key);
    }
    return member.delivered.containsAll(broadcast.past());
  }

  /** Delivers {@code broadcast} to {@code member}, and broadcasts the member's reply. */
  Dcgka.Outcome deliver(Member member, Broadcast broadcast) {
    if (!deliverable(member, broadcast)) {
      throw new AssertionError(broadcast.id() + " is not deliverable to " + member + " (seed " + seed + ")");
    }
    Dcgka.Received received = new Dcgka.Received(broadcast.id(), broadcast.sender(),
        broadcast.control(), Optional.ofNullable(broadcast.directs().get(member.key)));
    Dcgka.Outcome outcome = (member.data != null ? member.data.receive(received, eventTime) : member.dcgka.receive(received)).orElseThrow();
    if (!joined(member)) {
      member.delivered.addAll(broadcast.past());
    }
    member.delivered.add(broadcast.id());
    member.keep(outcome.updateSecrets());
    outcome.reply().ifPresent(reply -> broadcast(member, nextId(), reply, outcome.directMessages()));
    if (outcome.reply().isEmpty() && !outcome.directMessages().isEmpty()) {
      throw new AssertionError("direct messages without a control message");
    }
    return outcome;
  }

  /** Delivers everything deliverable, in a random causal order, until nothing is left. */
  void deliverAll() {
    while (true) {
      List<Member> receivers = new ArrayList<>();
      List<Broadcast> messages = new ArrayList<>();
      for (Member member : members.values()) {
        for (Broadcast broadcast : log) {
          if (deliverable(member, broadcast)) {
            receivers.add(member);
            messages.add(broadcast);
          }
        }
      }
      if (receivers.isEmpty()) {
        return;
      }
      int pick = random.nextInt(receivers.size());
      deliver(receivers.get(pick), messages.get(pick));
    }
  }

  /** Delivers everything deliverable to one member, oldest first. */
  void deliverAllTo(Member member) {
    boolean progress = true;
    while (progress) {
      progress = false;
      for (Broadcast broadcast : List.copyOf(log)) {
        if (deliverable(member, broadcast)) {
          deliver(member, broadcast);
          progress = true;
        }
      }
    }
  }

  List<Member> currentMembers() {
    return members.values().stream().filter(m -> m.dcgka.isMember()).toList();
  }
}
