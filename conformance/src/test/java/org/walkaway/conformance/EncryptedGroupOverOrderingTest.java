package org.walkaway.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
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
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.walkaway.core.Body;
import org.walkaway.core.Bytes;
import org.walkaway.core.Event;
import org.walkaway.core.EventBuilder;
import org.walkaway.core.Hash;
import org.walkaway.core.InsecureSecretAccess;
import org.walkaway.core.LogId;
import org.walkaway.core.PublicKey;
import org.walkaway.core.Rejection;
import org.walkaway.core.SigningKey;
import org.walkaway.core.Verdict;
import org.walkaway.core.processor.Downstream;
import org.walkaway.encryption.EncryptionFailure;
import org.walkaway.encryption.LocalIdentity;
import org.walkaway.encryption.MessageScheme;
import org.walkaway.encryption.PrekeyBundle;
import org.walkaway.encryption.RatchetLimits;
import org.walkaway.encryption.dcgka.ControlMessage;
import org.walkaway.encryption.dcgka.Dcgka;
import org.walkaway.encryption.dcgka.DcgkaCodec;
import org.walkaway.encryption.dcgka.DirectMessage;
import org.walkaway.encryption.dcgka.UpdateSecret;
import org.walkaway.ordering.CausalOrderingProcessor;

/**
 * Encryption's DCGKA driven by signed Walkaway events that reach each member in a random order and
 * are put into causal order by the ordering module (issue 6). Neither module knows the other: this
 * test is the glue a stack would have.
 *
 * <ul>
 *   <li>Every member has its own log on one topic. Each control message (create, add, remove,
 *       update, ack, add-ack) is the body of a signed event ({@link DcgkaCodec} bytes) whose
 *       {@code previous} links name the newest event of every other log the member has processed,
 *       so the event DAG is the causal order DCGKA needs. Direct messages travel beside the events
 *       (the pairwise channel), keyed by the id of the control event and the recipient.</li>
 *   <li>Every event reaches every member (the removed one too: ciphertext keeps syncing to it), in
 *       a random order with some duplicates, through the member's own
 *       {@link CausalOrderingProcessor}; the member feeds {@link Dcgka#receive} in delivery order,
 *       and its replies become new events of its log.</li>
 *   <li>A newcomer processes nothing before its welcome. The events its ordering stage delivered
 *       earlier that are not in the causal past of the add (computed from the event DAG) are handed
 *       to DCGKA after the welcome, as DCGKA asks.</li>
 *   <li>Application messages are {@link MessageScheme} envelopes, seeded by every update secret.</li>
 * </ul>
 *
 * Scenario: alice creates the group with bob and carol; alice adds dave while bob updates; bob
 * removes carol while carol updates; after each step every member says something.
 */
class EncryptedGroupOverOrderingTest {
  private static final LogId TOPIC = LogId.ofTopic("walkaway/conformance/encrypted-group");
  private static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");
  /** How often a member is offered an event it already has (sync sends duplicates). */
  private static final double DUPLICATE_PROBABILITY = 0.1;

  static LongStream seeds() {
    return LongStream.rangeClosed(1, 10).map(i -> 0x6E2E_0000L + i);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void everyMemberAgreesOnTheKeysAndTheRemovedMemberOpensNothingNew(long seed) {
    Group group = new Group(seed);
    Member alice = group.newMember("alice");
    Member bob = group.newMember("bob");
    Member carol = group.newMember("carol");
    Member dave = group.newMember("dave");

    alice.command(alice.dcgka.create(List.of(bob.key, carol.key)));
    group.syncEverything();
    group.everyMemberSays("after the create");

    // Concurrent: neither alice nor bob has processed the other's operation when issuing its own.
    alice.command(alice.dcgka.add(dave.key));
    bob.command(bob.dcgka.update());
    group.syncEverything();
    group.everyMemberSays("after the add");

    // Concurrent again: carol updates without having seen her removal.
    bob.command(bob.dcgka.remove(carol.key));
    carol.command(carol.dcgka.update());
    group.syncEverything();
    group.everyMemberSays("after the removal");

    String where = " (seed " + seed + ")";
    assertTrue(group.arrivalsHeld > 0, "every event arrived in causal order: the ordering stage was not needed" + where);
    for (Member member : group.members.values()) {
      assertEquals(0, member.ordering.heldCount(TOPIC), member + " still holds events" + where);
      assertEquals(group.events.size(), member.delivered.size(), member + " was not delivered every event" + where);
    }
    Set<PublicKey> remaining = Set.of(alice.key, bob.key, dave.key);
    for (Member member : List.of(alice, bob, dave)) {
      assertTrue(member.dcgka.isMember(), member + " is a member" + where);
      assertEquals(group.names(remaining), group.names(member.dcgka.members()), member + "'s view of the group" + where);
    }
    assertFalse(carol.dcgka.isMember(), "carol processed her removal" + where);

    assertUpdateSecretsAgree(group, List.of(alice, bob, dave), where);
    assertEveryMessageOpensExactlyForItsReaders(group, where);
  }

  /**
   * Every two members that derived the same (sender, generation) derived the same secret, and the
   * members still in the group end at the same newest generation of every remaining sender.
   */
  private static void assertUpdateSecretsAgree(Group group, List<Member> remaining, String where) {
    List<Member> everyone = List.copyOf(group.members.values());
    int compared = 0;
    for (Member first : everyone) {
      for (Member second : everyone) {
        if (first == second) {
          continue;
        }
        for (Map.Entry<SecretName, Bytes> entry : first.secrets.entrySet()) {
          Bytes other = second.secrets.get(entry.getKey());
          if (other != null) {
            compared++;
            assertEquals(entry.getValue(), other,
                first + " and " + second + " derived different secrets for " + group.describe(entry.getKey()) + where);
          }
        }
      }
    }
    assertTrue(compared > 0, "no secret was derived by two members" + where);
    for (Member sender : remaining) {
      Map<Member, Long> newest = new LinkedHashMap<>();
      for (Member member : remaining) {
        newest.put(member, member.newestGeneration(sender.key).orElseThrow(
            () -> new AssertionError(member + " has no update secret of " + sender + where)));
      }
      assertEquals(1, Set.copyOf(newest.values()).size(), "newest generation of " + sender + " by member: " + newest + where);
    }
  }

  /**
   * A message opens for exactly the members its sender had in the group when it sealed it: the
   * newcomer opens nothing sent before it joined, the removed member nothing sent after its removal,
   * and every other member opens it, once, to the text that was sealed.
   */
  private static void assertEveryMessageOpensExactlyForItsReaders(Group group, String where) {
    int opened = 0;
    int refused = 0;
    for (SentMessage sent : group.messages) {
      for (Member reader : group.members.values()) {
        if (reader.key.equals(sent.event().author())) {
          continue;
        }
        String what = reader + " reading \"" + sent.text() + "\" by " + group.name(sent.event().author());
        Verdict<byte[]> verdict = reader.opened.get(sent.event().id());
        if (verdict == null) {
          throw new AssertionError(what + ": never tried" + where);
        }
        boolean mayRead = sent.readers().contains(reader.key);
        switch (verdict) {
          case Verdict.Accepted<byte[]> plaintext -> {
            assertTrue(mayRead, what + ": opened, but the sender had not counted this reader in" + where);
            assertEquals(sent.text(), new String(plaintext.value(), StandardCharsets.UTF_8), what + where);
            opened++;
          }
          case Verdict.Rejected<byte[]> rejected -> {
            assertFalse(mayRead, what + ": " + rejected.rejection() + where);
            assertEquals(Optional.of(EncryptionFailure.UNKNOWN_KEY), EncryptionFailure.of(rejected.rejection()),
                what + ": " + rejected.rejection() + where);
            refused++;
          }
        }
      }
    }
    // 3 messages after the create (2 readers each), 4 after the add (3), 3 after the removal
    // (2 readers, and carol refused each); dave refuses the 3 from before he joined.
    assertEquals(3 * 2 + 4 * 3 + 3 * 2, opened, "messages opened" + where);
    assertEquals(3 + 3, refused, "messages refused" + where);
  }

  private record SecretName(PublicKey sender, long generation) {}

  private record DirectKey(Hash controlEvent, PublicKey recipient) {}

  /** An application message as sent: its event, its text, and who was in the sender's group then. */
  private record SentMessage(Event event, String text, Set<PublicKey> readers) {}

  /** The topic as the network sees it: every event, the direct messages, and who has been offered what. */
  private static final class Group {
    final long seed;
    final SplittableRandom random;
    final Map<PublicKey, Member> members = new LinkedHashMap<>();
    final Map<PublicKey, PrekeyBundle> bundles = new HashMap<>();
    final List<Event> events = new ArrayList<>();
    final Map<DirectKey, Bytes> directMessages = new HashMap<>();
    final List<SentMessage> messages = new ArrayList<>();
    /** Arrivals after which the receiver's ordering stage was holding events back (arrived early). */
    int arrivalsHeld;

    Group(long seed) {
      this.seed = seed;
      this.random = new SplittableRandom(seed);
    }

    Member newMember(String name) {
      SigningKey signingKey = SigningKey.generate(random);
      LocalIdentity local = LocalIdentity.create(signingKey, random.split());
      local.rotateSignedPrekey(signingKey, NOW.minusSeconds(60), Duration.ofDays(7));
      bundles.put(local.identity(), local.bundle(0));
      Dcgka dcgka = Dcgka.of(local, key -> Optional.ofNullable(bundles.get(key)), random.split(), InstantSource.fixed(NOW));
      Member member = new Member(this, name, signingKey, dcgka);
      members.put(member.key, member);
      return member;
    }

    /**
     * Offers every event to every member that has not had it, one random (member, event) pair at a
     * time, so events arrive in any order; replies become new events and are offered too.
     */
    void syncEverything() {
      while (true) {
        List<Member> receivers = new ArrayList<>();
        List<Event> arrivals = new ArrayList<>();
        for (Member member : members.values()) {
          for (Event event : events) {
            if (!member.offered.contains(event.id())) {
              receivers.add(member);
              arrivals.add(event);
            }
          }
        }
        if (receivers.isEmpty()) {
          return;
        }
        int pick = random.nextInt(receivers.size());
        Member receiver = receivers.get(pick);
        receiver.offer(arrivals.get(pick));
        if (receiver.ordering.heldCount(TOPIC) > 0) {
          arrivalsHeld++;
        }
        if (random.nextDouble() < DUPLICATE_PROBABILITY) {
          Member member = receivers.get(random.nextInt(receivers.size()));
          List<Hash> had = List.copyOf(member.offered);
          if (!had.isEmpty()) {
            Hash again = had.get(random.nextInt(had.size()));
            member.offer(events.stream().filter(e -> e.id().equals(again)).findFirst().orElseThrow());
          }
        }
      }
    }

    void everyMemberSays(String when) {
      for (Member member : members.values()) {
        if (member.dcgka.isMember()) {
          member.say(member + " " + when);
        }
      }
      syncEverything();
    }

    String name(PublicKey key) {
      return members.get(key).name;
    }

    Set<String> names(Set<PublicKey> keys) {
      return keys.stream().map(this::name).collect(Collectors.toCollection(TreeSet::new));
    }

    String describe(SecretName secret) {
      return name(secret.sender()) + " generation " + secret.generation();
    }
  }

  /** One peer: its log, its ordering stage, its DCGKA state and its message scheme. */
  private static final class Member {
    final Group group;
    final String name;
    final SigningKey signingKey;
    final PublicKey key;
    final Dcgka dcgka;
    final MessageScheme scheme;
    final CausalOrderingProcessor ordering = new CausalOrderingProcessor();
    final SplittableRandom nonces;
    /** Events offered to the ordering stage, and those it delivered (by id). */
    final Set<Hash> offered = new HashSet<>();
    final Map<Hash, Event> delivered = new HashMap<>();
    /** Delivered by the ordering stage, not yet handled (the stage is not re-entered while emitting). */
    final ArrayDeque<Event> inbox = new ArrayDeque<>();
    boolean handling;
    /** Before the welcome: delivered events, kept until the member knows which are in the add's past. */
    final List<Event> beforeJoining = new ArrayList<>();
    boolean joined;
    /** The newest processed event of every other author: the {@code previous} links of the next event. */
    final Map<PublicKey, Event> heads = new HashMap<>();
    Optional<Event> ownHead = Optional.empty();
    final Map<SecretName, Bytes> secrets = new HashMap<>();
    /** What opening each application event of another author gave, by event id. */
    final Map<Hash, Verdict<byte[]>> opened = new HashMap<>();

    Member(Group group, String name, SigningKey signingKey, Dcgka dcgka) {
      this.group = group;
      this.name = name;
      this.signingKey = signingKey;
      this.key = signingKey.publicKey();
      this.dcgka = dcgka;
      this.scheme = new MessageScheme(key, RatchetLimits.DEFAULT);
      this.nonces = group.random.split();
    }

    /** Publishes a local DCGKA command as an event, sends its direct messages, and confirms it. */
    void command(Dcgka.Outgoing outgoing) {
      Event event = publishControl(outgoing.control(), outgoing.directMessages());
      keep(dcgka.confirm(event.id()));
      joined |= dcgka.isMember(); // the creator joins by its own create
    }

    void say(String text) {
      long seqNum = ownHead.map(e -> e.seqNum() + 1).orElse(0L);
      Bytes sealed = scheme.seal(TOPIC, seqNum, text.getBytes(StandardCharsets.UTF_8), nonces);
      Set<PublicKey> readers = new HashSet<>(dcgka.members());
      readers.remove(key);
      Event event = publish(new Body(sealed));
      group.messages.add(new SentMessage(event, text, Set.copyOf(readers)));
    }

    private Event publishControl(ControlMessage control, List<DirectMessage> directs) {
      Event event = publish(new Body(DcgkaCodec.encode(control)));
      for (DirectMessage direct : directs) {
        Bytes previous = group.directMessages.put(new DirectKey(event.id(), direct.recipient()), DcgkaCodec.encode(direct));
        if (previous != null) {
          throw new AssertionError("two direct messages for " + group.name(direct.recipient()) + " in " + control + seedNote());
        }
      }
      return event;
    }

    /** Signs the next event of this member's log; it follows every event of other logs processed so far. */
    private Event publish(Body body) {
      EventBuilder builder = ownHead.map(EventBuilder::following).orElseGet(() -> EventBuilder.create().logId(TOPIC));
      List<Hash> previous = heads.values().stream().map(Event::id).sorted().toList();
      if (!previous.isEmpty()) {
        builder.previous(previous);
      }
      Event event = builder.body(body).sign(signingKey);
      ownHead = Optional.of(event);
      group.events.add(event);
      // The member's own ordering stage learns its events too: others' events will depend on them.
      offer(event);
      return event;
    }

    void offer(Event event) {
      offered.add(event.id());
      try {
        ordering.process(event, new Downstream<>() {
          @Override
          public void emit(Event output) {
            inbox.addLast(output);
          }

          @Override
          public void reject(Object input, Rejection rejection) {
            throw new AssertionError(Member.this + "'s ordering stage refused " + input + ": " + rejection + seedNote());
          }
        });
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted" + seedNote(), e);
      }
      if (handling) {
        return; // the outer call drains the inbox
      }
      handling = true;
      try {
        Event next;
        while ((next = inbox.pollFirst()) != null) {
          onDelivered(next);
        }
      } finally {
        handling = false;
      }
    }

    private void onDelivered(Event event) {
      if (delivered.put(event.id(), event) != null) {
        throw new AssertionError(this + " was delivered " + event.id() + " twice" + seedNote());
      }
      if (event.author().equals(key)) {
        return; // applied when it was published
      }
      if (joined) {
        process(event);
        return;
      }
      boolean welcomesMe = control(event).filter(c ->
          c instanceof ControlMessage.Create create && create.members().contains(key)
              || c instanceof ControlMessage.Add add && add.added().equals(key)).isPresent();
      if (welcomesMe) {
        join(event);
      } else {
        beforeJoining.add(event);
      }
    }

    /**
     * DCGKA wants every control message that is not in the causal past of the welcome: those are
     * covered by the welcome's history and state. The event DAG says which are.
     */
    private void join(Event welcome) {
      Set<Hash> past = causalPast(welcome);
      joined = true;
      List<Event> covered = new ArrayList<>();
      List<Event> concurrent = new ArrayList<>();
      for (Event event : beforeJoining) {
        (past.contains(event.id()) ? covered : concurrent).add(event);
      }
      beforeJoining.clear();
      covered.forEach(this::markProcessed);
      process(welcome);
      for (Event event : covered) {
        if (control(event).isEmpty()) {
          tryToOpen(event); // sent before this member joined: must not open
        }
      }
      concurrent.forEach(this::process);
    }

    private Set<Hash> causalPast(Event event) {
      Set<Hash> past = new HashSet<>();
      ArrayDeque<Hash> todo = new ArrayDeque<>(dependencies(event));
      while (!todo.isEmpty()) {
        Hash id = todo.pop();
        if (past.add(id)) {
          Event known = delivered.get(id);
          if (known == null) {
            throw new AssertionError(this + " was delivered " + event.id() + " before its dependency " + id + seedNote());
          }
          todo.addAll(dependencies(known));
        }
      }
      return past;
    }

    private static List<Hash> dependencies(Event event) {
      List<Hash> ids = new ArrayList<>(event.header().previous());
      event.header().backlink().ifPresent(ids::add);
      return ids;
    }

    private void process(Event event) {
      markProcessed(event);
      Optional<ControlMessage> control = control(event);
      if (control.isEmpty()) {
        tryToOpen(event);
        return;
      }
      Optional<DirectMessage> direct = Optional.ofNullable(group.directMessages.get(new DirectKey(event.id(), key)))
          .map(bytes -> accepted(DcgkaCodec.decodeDirect(bytes), "the direct message of " + event.id()));
      Dcgka.Outcome outcome = accepted(dcgka.receive(new Dcgka.Received(event.id(), event.author(), control.get(), direct)),
          control.get() + " from " + group.name(event.author()));
      keep(outcome.updateSecrets());
      if (outcome.reply().isPresent()) {
        publishControl(outcome.reply().get(), outcome.directMessages());
      } else if (!outcome.directMessages().isEmpty()) {
        throw new AssertionError("direct messages without a control message" + seedNote());
      }
    }

    private void tryToOpen(Event event) {
      Bytes body = event.body().orElseThrow().bytes();
      opened.put(event.id(), scheme.open(event.author(), event.logId(), event.seqNum(), body));
    }

    private void markProcessed(Event event) {
      heads.merge(event.author(), event, (known, next) -> next.seqNum() > known.seqNum() ? next : known);
    }

    /** A control message if the body is one; anything else on this topic is an application message. */
    private static Optional<ControlMessage> control(Event event) {
      return event.body().flatMap(body -> switch (DcgkaCodec.decodeControl(body.bytes())) {
        case Verdict.Accepted<ControlMessage> accepted -> Optional.of(accepted.value());
        case Verdict.Rejected<ControlMessage> rejected -> Optional.empty();
      });
    }

    private void keep(List<UpdateSecret> derived) {
      for (UpdateSecret secret : derived) {
        SecretName name = new SecretName(secret.sender(), secret.generation());
        Bytes bytes = Bytes.of(secret.secret().bytes(InsecureSecretAccess.get()));
        if (secrets.put(name, bytes) != null) {
          throw new AssertionError(this + " derived " + group.describe(name) + " twice" + seedNote());
        }
        if (!scheme.seed(secret.sender(), secret.generation(), secret.secret())) {
          throw new AssertionError(this + "'s message scheme refused " + group.describe(name) + seedNote());
        }
      }
    }

    Optional<Long> newestGeneration(PublicKey sender) {
      TreeMap<Long, Bytes> generations = new TreeMap<>();
      secrets.forEach((name, bytes) -> {
        if (name.sender().equals(sender)) {
          generations.put(name.generation(), bytes);
        }
      });
      return generations.isEmpty() ? Optional.empty() : Optional.of(generations.lastKey());
    }

    private <T> T accepted(Verdict<T> verdict, String what) {
      return switch (verdict) {
        case Verdict.Accepted<T> accepted -> accepted.value();
        case Verdict.Rejected<T> rejected ->
            throw new AssertionError(this + " refused " + what + ": " + rejected.rejection() + seedNote());
      };
    }

    private String seedNote() {
      return " (seed " + group.seed + ")";
    }

    @Override
    public String toString() {
      return name;
    }
  }
}
