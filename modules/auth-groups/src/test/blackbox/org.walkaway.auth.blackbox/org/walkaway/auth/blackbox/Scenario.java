package org.walkaway.auth.blackbox;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.walkaway.auth.Access;
import org.walkaway.auth.AuthProcessor;
import org.walkaway.auth.CausalOrder;
import org.walkaway.auth.ChainValidator;
import org.walkaway.auth.ConflictResolver;
import org.walkaway.auth.Delegation;
import org.walkaway.auth.Did;
import org.walkaway.auth.GroupAction;
import org.walkaway.auth.GroupOperation;
import org.walkaway.auth.Groups;
import org.walkaway.auth.Invitation;
import org.walkaway.auth.Invocation;
import org.walkaway.auth.Ipld;
import org.walkaway.auth.Member;
import org.walkaway.auth.Revocation;
import org.walkaway.auth.TopicPolicy;
import org.walkaway.core.Body;
import org.walkaway.core.Event;
import org.walkaway.core.EventBuilder;
import org.walkaway.core.LogId;
import org.walkaway.core.SigningKey;
import org.walkaway.core.processor.Collector;

/**
 * A chat whose "chat" log is written by the WRITE members of a group and whose "letters" log is
 * written by holders of a capability from Alice; group operations, delegations and revocations all
 * arrive as events, some after the events they concern. Returns what happened to every event, in
 * order: "admitted NAME" or "refused NAME: reason".
 */
public final class Scenario {
  private static final LogId GROUPS = LogId.ofTopic("blackbox/groups");
  private static final LogId TOKENS = LogId.ofTopic("blackbox/tokens");
  private static final LogId CHAT = LogId.ofTopic("blackbox/chat");
  private static final LogId LETTERS = LogId.ofTopic("blackbox/letters");
  private static final long NOW = 1_800_000_000L;

  private Scenario() {}

  private static SigningKey key(int n) {
    byte[] seed = new byte[32];
    seed[0] = (byte) n;
    seed[31] = 42;
    return SigningKey.fromSeed(seed);
  }

  public static List<String> run() throws InterruptedException {
    SigningKey alice = key(1);
    SigningKey bob = key(2);
    SigningKey carol = key(3);
    SigningKey mallory = key(4);

    // Group operations: Alice founds the group with Bob as a writer; later she removes Bob.
    Event create = EventBuilder.create().logId(GROUPS)
        .body(GroupOperation.encodeAction(new GroupAction.Create(
            new TreeMap<>(Map.of(Member.key(bob.publicKey()), Access.WRITE)))))
        .sign(alice);
    Event removeBob = EventBuilder.following(create).previous(List.of(create.id()))
        .body(GroupOperation.encodeAction(new GroupAction.Remove(create.id(), Member.key(bob.publicKey()))))
        .sign(alice);

    TopicPolicy policy = TopicPolicy.empty()
        .withGroupOperations(GROUPS).withGroup(CHAT, create.id())
        .withCapabilityTokens(TOKENS).withCapabilities(LETTERS, new Did(alice.publicKey()));
    Groups groups = new Groups(ConflictResolver.STRONG_REMOVAL, 100);
    ChainValidator validator = new ChainValidator(InstantSource.fixed(Instant.ofEpochSecond(NOW)));
    AuthProcessor auth = new AuthProcessor(policy, groups, validator, CausalOrder.NONE, 16);

    // Capabilities: Alice lets Bob write letters; Bob passes it on to Carol through an invitation.
    Delegation aliceToBob = Delegation.builder().audience(new Did(bob.publicKey())).subject(new Did(alice.publicKey()))
        .command(TopicPolicy.WRITE_COMMAND).expiration(NOW + 3600).sign(alice);
    Delegation bobToCarol = Invitation.decode(Invitation.encode(Delegation.builder()
        .audience(new Did(carol.publicKey())).subject(new Did(alice.publicKey()))
        .command(TopicPolicy.WRITE_COMMAND).noExpiration().sign(bob))).orThrow();
    Event grantBob = EventBuilder.create().logId(TOKENS).body(aliceToBob.asBody()).sign(alice);
    Event grantCarol = EventBuilder.create().logId(TOKENS).body(bobToCarol.asBody()).sign(carol);

    Event bobHi = EventBuilder.create().logId(CHAT).previous(List.of(create.id())).body(Body.ofText("hi")).sign(bob);
    Event malloryHi = EventBuilder.create().logId(CHAT).previous(List.of(create.id())).body(Body.ofText("spam")).sign(mallory);
    Event bobAfterRemoval = EventBuilder.following(bobHi).previous(List.of(removeBob.id())).body(Body.ofText("still here?")).sign(bob);
    Event carolLetter = letter(carol, alice, List.of(aliceToBob, bobToCarol), "dear all");
    Event malloryLetter = letter(mallory, alice, List.of(aliceToBob, bobToCarol), "forged");
    Event revokeCarol = EventBuilder.following(grantBob).body(Revocation.issue(alice, bobToCarol.cid()).asBody()).sign(alice);
    Event carolAgain = letter(carol, alice, List.of(aliceToBob, bobToCarol), "again");

    Map<Event, String> names = new java.util.LinkedHashMap<>();
    names.put(create, "create");
    names.put(removeBob, "removeBob");
    names.put(grantBob, "grantBob");
    names.put(grantCarol, "grantCarol");
    names.put(bobHi, "bobHi");
    names.put(malloryHi, "malloryHi");
    names.put(bobAfterRemoval, "bobAfterRemoval");
    names.put(carolLetter, "carolLetter");
    names.put(malloryLetter, "malloryLetter");
    names.put(revokeCarol, "revokeCarol");
    names.put(carolAgain, "carolAgain");

    Collector<Event> out = new Collector<>();
    // Arrival order: writes before what authorizes them.
    auth.process(bobHi, out);          // held: the group operation is missing
    auth.process(carolLetter, out);    // held: the proofs are missing
    auth.process(create, out);         // releases bobHi
    auth.process(malloryHi, out);
    auth.process(grantBob, out);
    auth.process(grantCarol, out);     // releases carolLetter
    auth.process(malloryLetter, out);
    auth.process(bobAfterRemoval, out); // held: the removal is missing
    auth.process(removeBob, out);      // then refused
    auth.process(revokeCarol, out);
    auth.process(carolAgain, out);

    List<String> log = new ArrayList<>();
    List<Event> admitted = out.outputs();
    for (Event e : admitted) {
      log.add("admitted " + names.get(e));
    }
    out.rejections().forEach(r -> log.add("refused " + names.get(r.input()) + ": " + r.rejection().message()));
    log.add("held " + auth.heldCount());
    log.add("bob in group " + groups.access(bob.publicKey(), create.id()).map(Enum::name).orElse("none"));
    log.add("alice in group " + groups.access(alice.publicKey(), create.id()).map(Enum::name).orElse("none"));
    return log;
  }

  private static Event letter(SigningKey author, SigningKey subject, List<Delegation> chain, String text) {
    Invocation write = Invocation.builder().subject(new Did(subject.publicKey())).command(TopicPolicy.WRITE_COMMAND)
        .chain(chain).arguments(Ipld.Dict.of(Map.of("log", new Ipld.Blob(LETTERS.bytes())))).sign(author);
    return EventBuilder.create().logId(LETTERS).field(TopicPolicy.CAPABILITY_FIELD, TopicPolicy.capabilityField(write))
        .body(Body.ofText(text)).sign(author);
  }
}
