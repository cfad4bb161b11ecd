package org.walkaway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.walkaway.auth.TestKit.ALICE;
import static org.walkaway.auth.TestKit.BOB;
import static org.walkaway.auth.TestKit.CAROL;
import static org.walkaway.auth.TestKit.MALLORY;
import static org.walkaway.auth.TestKit.NOW;
import static org.walkaway.auth.TestKit.did;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.walkaway.core.Body;
import org.walkaway.core.Event;
import org.walkaway.core.EventBuilder;
import org.walkaway.core.Hash;
import org.walkaway.core.LogId;
import org.walkaway.core.LogKey;
import org.walkaway.core.Rejection;
import org.walkaway.core.SigningKey;
import org.walkaway.core.processor.Collector;

/** The auth processor with real signed events: group-governed and capability-governed logs. */
class AuthProcessorTest {
  private static final LogId GROUP_LOG = LogId.ofTopic("walkaway/groups");
  private static final LogId CHAT = LogId.ofTopic("chat");
  private static final LogId OPEN_LETTERS = LogId.ofTopic("letters");

  private final Map<LogKey, Event> lastInLog = new HashMap<>();
  private final Groups groups = new Groups(ConflictResolver.STRONG_REMOVAL, 100);
  private final Collector<Event> out = new Collector<>();

  private Event groupOp(SigningKey author, GroupAction action, Event... after) {
    return event(author, GROUP_LOG, GroupOperation.encodeAction(action), after);
  }

  private Event write(SigningKey author, LogId log, String text, Event... after) {
    return event(author, log, Body.ofText(text), after);
  }

  private Event event(SigningKey author, LogId log, Body body, Event... after) {
    Event last = lastInLog.get(new LogKey(author.publicKey(), log));
    EventBuilder builder = last == null ? EventBuilder.create().logId(log) : EventBuilder.following(last);
    Event e = builder.previous(java.util.Arrays.stream(after).map(Event::id).toList()).body(body).sign(author);
    lastInLog.put(e.logKey(), e);
    return e;
  }

  private static GroupAction.Create createWith(Map<Member, Access> members) {
    return new GroupAction.Create(new TreeMap<>(members));
  }

  private AuthProcessor processor(TopicPolicy policy) {
    return new AuthProcessor(policy, groups, TestKit.validatorAt(NOW), CausalOrder.NONE, 8);
  }

  private String rejectionOf(Event e) {
    return out.rejections().stream().filter(r -> r.input().equals(e)).map(r -> {
      assertEquals(Rejection.Reason.REFUSED, r.rejection().reason());
      return r.rejection().message();
    }).findFirst().orElseThrow(() -> new AssertionError("not rejected: " + e));
  }

  @Test
  void membersWriteOutsidersAreRefusedWithAReason() throws Exception {
    Event create = groupOp(ALICE, createWith(Map.of(Member.key(BOB.publicKey()), Access.WRITE, Member.key(CAROL.publicKey()), Access.READ)));
    AuthProcessor auth = processor(TopicPolicy.empty().withGroupOperations(GROUP_LOG).withGroup(CHAT, create.id()));
    auth.process(create, out);
    Event bob = write(BOB, CHAT, "hi", create);
    Event carol = write(CAROL, CHAT, "hello", create);
    Event mallory = write(MALLORY, CHAT, "spam", create);
    Event elsewhere = write(BOB, OPEN_LETTERS, "closed log", create);
    for (Event e : List.of(bob, carol, mallory, elsewhere)) {
      auth.process(e, out);
    }
    assertEquals(List.of(create, bob), out.outputs());
    assertTrue(rejectionOf(carol).contains("has READ access") && rejectionOf(carol).contains("needs WRITE"), rejectionOf(carol));
    assertTrue(rejectionOf(mallory).contains("has no access"), rejectionOf(mallory));
    assertTrue(rejectionOf(elsewhere).contains("closed by default"), rejectionOf(elsewhere));
    // The next event of Bob's log inherits its causal point through the backlink.
    Event again = write(BOB, CHAT, "again");
    auth.process(again, out);
    assertEquals(again, out.outputs().getLast());
  }

  @Test
  void aRemovedMembersWritesAreRefusedHoweverTheyCiteOrArrive() throws Exception {
    Event create = groupOp(ALICE, createWith(Map.of(Member.key(BOB.publicKey()), Access.WRITE)));
    AuthProcessor auth = processor(TopicPolicy.empty().withGroupOperations(GROUP_LOG).withGroup(CHAT, create.id()));
    auth.process(create, out);
    Event before = write(BOB, CHAT, "written before the removal, delivered after it", create);
    Event removal = groupOp(ALICE, new GroupAction.Remove(create.id(), Member.key(BOB.publicKey())), create);
    auth.process(removal, out);
    Event after = write(CAROL, CHAT, "not a member", removal);
    auth.process(before, out);
    auth.process(after, out);
    assertEquals(List.of(create, removal), out.outputs());
    assertTrue(rejectionOf(before).contains("does not causally follow"), rejectionOf(before));
    Event bobAfter = event(BOB, LogId.ofTopic("chat"), Body.ofText("after"), removal);
    auth.process(bobAfter, out);
    assertTrue(rejectionOf(bobAfter).startsWith("depends on refused event"), rejectionOf(bobAfter)); // its backlink was refused
  }

  @Test
  void eventsWaitForMissingGroupOperationsAndAreReEvaluatedWhenTheyArrive() throws Exception {
    Event create = groupOp(ALICE, createWith(Map.of(Member.key(BOB.publicKey()), Access.MANAGE)));
    AuthProcessor auth = processor(TopicPolicy.empty().withGroupOperations(GROUP_LOG).withGroup(CHAT, create.id()));
    Event addCarol = groupOp(BOB, new GroupAction.Add(create.id(), Member.key(CAROL.publicKey()), Access.WRITE), create);
    Event carol = write(CAROL, CHAT, "my first message", addCarol);
    Event bobBeforeRemoval = write(BOB, CHAT, "concurrent with my removal", addCarol);
    Event removeBob = groupOp(ALICE, new GroupAction.Remove(create.id(), Member.key(BOB.publicKey())), create);

    auth.process(carol, out);                 // Carol's add has not arrived: held
    auth.process(bobBeforeRemoval, out);      // held too
    auth.process(addCarol, out);              // depends on create: pending in the CRDT
    auth.process(addCarol, out);              // delivered twice: still emitted once, later
    assertEquals(List.of(), out.outputs());
    assertEquals(2, auth.heldCount());
    auth.process(removeBob, out);             // depends on create: pending
    auth.process(create, out);                // everything is decidable now
    assertEquals(0, auth.heldCount());
    // Bob was removed concurrently with his add of Carol: the add is filtered (strong removal), so
    // Carol was never a member, and Bob's own write concurrent with his removal is refused.
    auth.process(create, out);                // and a duplicate of an applied one: nothing
    assertEquals(List.of(create, addCarol, removeBob), out.outputs());
    assertEquals(Groups.Status.FILTERED, groups.status(addCarol.id()));
    assertTrue(rejectionOf(carol).contains("has no access"), rejectionOf(carol));
    assertTrue(rejectionOf(bobBeforeRemoval).contains("does not causally follow"), rejectionOf(bobBeforeRemoval));
  }

  @Test
  void twoPeersReceivingSignedGroupOperationsInOppositeOrdersAgree() throws Exception {
    Event create = groupOp(ALICE, createWith(Map.of(Member.key(BOB.publicKey()), Access.MANAGE)));
    Event aliceRemovesBob = groupOp(ALICE, new GroupAction.Remove(create.id(), Member.key(BOB.publicKey())), create);
    Event bobRemovesAlice = groupOp(BOB, new GroupAction.Remove(create.id(), Member.key(ALICE.publicKey())), create);
    Event bobAddsCarol = groupOp(BOB, new GroupAction.Add(create.id(), Member.key(CAROL.publicKey()), Access.WRITE), bobRemovesAlice);
    List<Event> events = List.of(create, aliceRemovesBob, bobRemovesAlice, bobAddsCarol);
    for (ConflictResolver resolver : List.of(ConflictResolver.STRONG_REMOVAL, ConflictResolver.SENIORITY)) {
      Groups first = new Groups(resolver, 100);
      Groups second = new Groups(resolver, 100);
      TopicPolicy policy = TopicPolicy.empty().withGroupOperations(GROUP_LOG).withGroup(CHAT, create.id());
      AuthProcessor peer1 = new AuthProcessor(policy, first, TestKit.validatorAt(NOW), CausalOrder.NONE, 8);
      AuthProcessor peer2 = new AuthProcessor(policy, second, TestKit.validatorAt(NOW), CausalOrder.NONE, 8);
      Collector<Event> out1 = new Collector<>();
      Collector<Event> out2 = new Collector<>();
      for (Event e : events) {
        peer1.process(e, out1);
      }
      for (Event e : events.reversed()) {
        peer2.process(e, out2);
      }
      assertEquals(first.state(), second.state(), resolver.toString());
      assertEquals(java.util.Set.copyOf(out1.outputs()), java.util.Set.copyOf(out2.outputs()));
      assertEquals(4, out2.outputs().size());
      if (resolver == ConflictResolver.STRONG_REMOVAL) {
        assertTrue(first.state().directMembers(create.id()).isEmpty(), first.state().toString()); // mutual removal: frozen
      } else {
        assertEquals(java.util.Set.of(Member.key(ALICE.publicKey())), first.state().directMembers(create.id()).keySet());
      }
    }
  }

  @Test
  void theHoldBufferIsBounded() throws Exception {
    Event create = groupOp(ALICE, createWith(Map.of()));
    AuthProcessor auth = new AuthProcessor(TopicPolicy.empty().withGroup(CHAT, create.id()), groups,
        TestKit.validatorAt(NOW), CausalOrder.NONE, 1);
    Event first = write(ALICE, CHAT, "waits", create);
    Event second = write(CAROL, CHAT, "waits too", create);
    auth.process(first, out);
    auth.process(second, out);
    assertEquals(1, auth.heldCount());
    assertTrue(rejectionOf(first).startsWith("held too long"), rejectionOf(first));
  }

  @Test
  void malformedGroupOperationsAreRefused() throws Exception {
    AuthProcessor auth = processor(TopicPolicy.empty().withGroupOperations(GROUP_LOG));
    Event junk = event(ALICE, GROUP_LOG, Body.ofText("not cbor"));
    auth.process(junk, out);
    assertTrue(rejectionOf(junk).startsWith("malformed group operation"), rejectionOf(junk));
  }

  // ---- capability-governed logs ---------------------------------------------------------------

  private Event capabilityWrite(SigningKey author, SigningKey subject, List<Delegation> chain, LogId log) {
    Invocation invocation = Invocation.builder().subject(did(subject)).command(TopicPolicy.WRITE_COMMAND.path())
        .chain(chain).arguments(Ipld.Dict.of(Map.of("log", new Ipld.Blob(log.bytes())))).sign(author);
    return EventBuilder.create().logId(log).field(TopicPolicy.CAPABILITY_FIELD, TopicPolicy.capabilityField(invocation)).body(Body.ofText("by capability")).sign(author);
  }

  private static Delegation grant(SigningKey from, SigningKey to, SigningKey subject, long expiration) {
    return Delegation.builder().audience(did(to)).subject(did(subject)).command(TopicPolicy.WRITE_COMMAND.path())
        .expiration(expiration).sign(from);
  }

  @Test
  void aValidCapabilityChainAdmitsOnceItsProofsAreKnownAndARevocationStopsLaterWrites() throws Exception {
    AuthProcessor auth = processor(TopicPolicy.empty().withCapabilities(OPEN_LETTERS, did(ALICE)));
    Delegation toBob = grant(ALICE, BOB, ALICE, NOW + 3600);
    Event bob = capabilityWrite(BOB, ALICE, List.of(toBob), OPEN_LETTERS);
    auth.process(bob, out);
    assertEquals(1, auth.heldCount()); // the proof is not known yet
    auth.addProofs(List.of(toBob), out);
    assertEquals(List.of(bob), out.outputs());

    auth.revoke(Revocation.issue(ALICE, toBob.cid()), out);
    Event revoked = capabilityWrite(BOB, ALICE, List.of(toBob), OPEN_LETTERS);
    auth.process(revoked, out);
    assertTrue(rejectionOf(revoked).startsWith("capability Revoked"), rejectionOf(revoked));

    Event stolen = capabilityWrite(MALLORY, ALICE, List.of(toBob), OPEN_LETTERS);
    auth.process(stolen, out);
    assertTrue(rejectionOf(stolen).startsWith("capability InvalidAudience") || rejectionOf(stolen).contains("capability"),
        rejectionOf(stolen));
    Event wrongLog = capabilityWrite(BOB, ALICE, List.of(toBob), CHAT);
    auth.process(wrongLog, out);
    assertTrue(rejectionOf(wrongLog).contains("closed by default"), rejectionOf(wrongLog));
  }

  @Test
  void item13AnExpiredMemberCannotWrite() throws Exception {
    AuthProcessor auth = processor(TopicPolicy.empty().withCapabilities(OPEN_LETTERS, did(ALICE)));
    Delegation expired = grant(ALICE, CAROL, ALICE, NOW - 1);
    auth.addProofs(List.of(expired), out);
    Event carol = capabilityWrite(CAROL, ALICE, List.of(expired), OPEN_LETTERS);
    auth.process(carol, out);
    assertTrue(rejectionOf(carol).startsWith("capability Expired"), rejectionOf(carol));
  }

  @Test
  void groupOrCapabilityEitherAdmits() throws Exception {
    Event create = groupOp(ALICE, createWith(Map.of()));
    AuthProcessor auth = processor(TopicPolicy.empty().withGroupOperations(GROUP_LOG)
        .withGroup(OPEN_LETTERS, create.id()).withCapabilities(OPEN_LETTERS, did(ALICE)));
    auth.process(create, out);
    Delegation toBob = grant(ALICE, BOB, ALICE, NOW + 60);
    auth.addProofs(List.of(toBob), out);
    Event bob = capabilityWrite(BOB, ALICE, List.of(toBob), OPEN_LETTERS);
    Event carol = write(CAROL, OPEN_LETTERS, "neither", create);
    auth.process(bob, out);
    auth.process(carol, out);
    assertEquals(List.of(create, bob), out.outputs());
    String why = rejectionOf(carol);
    assertTrue(why.contains("has no access") && why.contains("no capability in extension field 16"), why);
  }

  // ---- capability tokens as events: revocations --------------------------------------------------

  private static final LogId TOKENS = LogId.ofTopic("walkaway/capability-tokens");

  private Event revocationEvent(SigningKey author, Revocation revocation) {
    return event(author, TOKENS, revocation.asBody());
  }

  private AuthProcessor capabilityProcessorWithTokenLog() {
    return processor(TopicPolicy.empty().withCapabilities(OPEN_LETTERS, did(ALICE)).withCapabilityTokens(TOKENS));
  }

  @Test
  void aRevocationEventThatArrivesBeforeTheDelegationStillRevokesIt() throws Exception {
    AuthProcessor auth = capabilityProcessorWithTokenLog();
    Delegation toBob = grant(ALICE, BOB, ALICE, NOW + 3600);
    Event revocation = revocationEvent(ALICE, Revocation.issue(ALICE, toBob.cid()));
    auth.process(revocation, out);
    assertEquals(List.of(revocation), out.outputs()); // stored and forwarded at once
    Event bob = capabilityWrite(BOB, ALICE, List.of(toBob), OPEN_LETTERS);
    auth.process(bob, out);
    assertEquals(1, auth.heldCount()); // the proof is not known yet
    auth.addProofs(List.of(toBob), out); // the held write is re-evaluated against the revocation
    assertEquals(0, auth.heldCount());
    assertTrue(rejectionOf(bob).startsWith("capability Revoked"), rejectionOf(bob));
    assertEquals(List.of(revocation), out.outputs());
  }

  @Test
  void aRevocationEventWhileAWriteIsHeldDecidesItOnceTheProofArrives() throws Exception {
    AuthProcessor auth = capabilityProcessorWithTokenLog();
    Delegation toBob = grant(ALICE, BOB, ALICE, NOW + 3600);
    Event bob = capabilityWrite(BOB, ALICE, List.of(toBob), OPEN_LETTERS);
    auth.process(bob, out);
    Event revocation = revocationEvent(ALICE, Revocation.issue(ALICE, toBob.cid()));
    auth.process(revocation, out);
    assertEquals(1, auth.heldCount());
    auth.addProofs(List.of(toBob), out);
    assertTrue(rejectionOf(bob).startsWith("capability Revoked"), rejectionOf(bob));
  }

  @Test
  void aRevocationEventAfterTheDelegationStopsLaterWritesOnly() throws Exception {
    AuthProcessor auth = capabilityProcessorWithTokenLog();
    Delegation toBob = grant(ALICE, BOB, ALICE, NOW + 3600);
    auth.addProofs(List.of(toBob), out);
    Event before = capabilityWrite(BOB, ALICE, List.of(toBob), OPEN_LETTERS);
    auth.process(before, out);
    Event revocation = revocationEvent(ALICE, Revocation.issue(ALICE, toBob.cid()));
    auth.process(revocation, out);
    auth.process(revocation, out); // redelivery is idempotent
    Event after = capabilityWrite(BOB, ALICE, List.of(toBob), OPEN_LETTERS);
    auth.process(after, out);
    assertEquals(List.of(before, revocation), out.outputs()); // what was admitted stays admitted
    assertTrue(rejectionOf(after).startsWith("capability Revoked"), rejectionOf(after));
  }

  @Test
  void aRevocationEventByANonIssuerIsStoredButChangesNothing() throws Exception {
    AuthProcessor auth = capabilityProcessorWithTokenLog();
    Delegation toBob = grant(ALICE, BOB, ALICE, NOW + 3600);
    Event mallorys = revocationEvent(MALLORY, Revocation.issue(MALLORY, toBob.cid()));
    auth.process(mallorys, out); // well-formed and signed: kept and forwarded, like any revocation
    auth.addProofs(List.of(toBob), out);
    Event bob = capabilityWrite(BOB, ALICE, List.of(toBob), OPEN_LETTERS);
    auth.process(bob, out);
    assertEquals(List.of(mallorys, bob), out.outputs());
  }

  @Test
  void aRevocationEventMustBeWellFormedAndPublishedByItsRevoker() throws Exception {
    AuthProcessor auth = capabilityProcessorWithTokenLog();
    Delegation toBob = grant(ALICE, BOB, ALICE, NOW + 3600);
    Event relayed = revocationEvent(MALLORY, Revocation.issue(ALICE, toBob.cid()));
    Event junk = event(ALICE, TOKENS, Body.ofText("not a revocation"));
    auth.process(relayed, out);
    auth.process(junk, out);
    assertTrue(rejectionOf(relayed).contains("carried in an event by another author"), rejectionOf(relayed));
    assertTrue(rejectionOf(junk).startsWith("neither a delegation"), rejectionOf(junk));
    auth.addProofs(List.of(toBob), out);
    Event bob = capabilityWrite(BOB, ALICE, List.of(toBob), OPEN_LETTERS);
    auth.process(bob, out);
    assertEquals(List.of(bob), out.outputs()); // a refused revocation event revokes nothing
  }

  @Test
  void anotherUnrevokedPathStillGrantsAccess() throws Exception {
    AuthProcessor auth = capabilityProcessorWithTokenLog();
    Delegation toBob = grant(ALICE, BOB, ALICE, NOW + 3600);
    Delegation bobToCarol = grant(BOB, CAROL, ALICE, NOW + 3600);
    Delegation toDan = grant(ALICE, TestKit.DAN, ALICE, NOW + 3600);
    Delegation danToCarol = grant(TestKit.DAN, CAROL, ALICE, NOW + 3600);
    auth.addProofs(List.of(toBob, bobToCarol, toDan, danToCarol), out);
    Event revocation = revocationEvent(BOB, Revocation.issue(BOB, bobToCarol.cid()));
    auth.process(revocation, out);
    Event viaBob = capabilityWrite(CAROL, ALICE, List.of(toBob, bobToCarol), OPEN_LETTERS);
    Event viaDan = capabilityWrite(CAROL, ALICE, List.of(toDan, danToCarol), OPEN_LETTERS);
    Event bobHimself = capabilityWrite(BOB, ALICE, List.of(toBob), OPEN_LETTERS);
    auth.process(viaBob, out);
    auth.process(viaDan, out);
    auth.process(bobHimself, out);
    assertTrue(rejectionOf(viaBob).startsWith("capability Revoked"), rejectionOf(viaBob));
    assertEquals(List.of(revocation, viaDan, bobHimself), out.outputs());
  }

  @Test
  void twoPeersFedTheSameEventsInOppositeOrdersDecideAlike() throws Exception {
    Delegation toBob = grant(ALICE, BOB, ALICE, NOW + 3600);
    Event revocation = revocationEvent(ALICE, Revocation.issue(ALICE, toBob.cid()));
    Event bob = capabilityWrite(BOB, ALICE, List.of(toBob), OPEN_LETTERS);
    Collector<Event> first = new Collector<>();
    Collector<Event> second = new Collector<>();
    AuthProcessor one = capabilityProcessorWithTokenLog();
    AuthProcessor two = capabilityProcessorWithTokenLog();
    one.process(revocation, first);
    one.process(bob, first);
    one.addProofs(List.of(toBob), first);
    two.process(bob, second);
    two.addProofs(List.of(toBob), second); // the second peer admits it: the revocation is not there yet
    two.process(revocation, second);
    assertEquals(List.of(revocation), first.outputs());
    assertEquals(List.of(bob, revocation), second.outputs());
    Event later = capabilityWrite(BOB, ALICE, List.of(toBob), OPEN_LETTERS);
    one.process(later, first);
    two.process(later, second);
    assertEquals(1, first.rejections().stream().filter(r -> r.input().equals(later)).count());
    assertEquals(1, second.rejections().stream().filter(r -> r.input().equals(later)).count());
  }

  @Test
  void aCapabilityTokenLogCarriesNothingElse() {
    TopicPolicy policy = TopicPolicy.empty().withCapabilities(OPEN_LETTERS, did(ALICE));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> policy.withCapabilityTokens(OPEN_LETTERS));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> TopicPolicy.empty().withCapabilityTokens(GROUP_LOG).withGroupOperations(GROUP_LOG));
  }

  // ---- capability tokens as events: delegations --------------------------------------------------

  private Event delegationEvent(SigningKey author, Delegation delegation) {
    return event(author, TOKENS, delegation.asBody());
  }

  @Test
  void aDelegationEventThatArrivesAfterTheWriteReleasesIt() throws Exception {
    AuthProcessor auth = capabilityProcessorWithTokenLog();
    Delegation toBob = grant(ALICE, BOB, ALICE, NOW + 3600);
    Delegation bobToCarol = grant(BOB, CAROL, ALICE, NOW + 3600);
    Event carol = capabilityWrite(CAROL, ALICE, List.of(toBob, bobToCarol), OPEN_LETTERS);
    auth.process(carol, out);
    assertEquals(1, auth.heldCount()); // no proof yet
    Event root = delegationEvent(ALICE, toBob); // published by its issuer
    auth.process(root, out);
    assertEquals(1, auth.heldCount()); // half the chain
    Event link = delegationEvent(CAROL, bobToCarol); // published by its audience
    auth.process(link, out);
    assertEquals(0, auth.heldCount());
    assertEquals(List.of(root, link, carol), out.outputs()); // tokens stored and forwarded; the write released
    auth.process(link, out); // redelivery is idempotent
    assertEquals(3, out.outputs().size());
  }

  @Test
  void aRevocationEventBeforeTheDelegationEventRefusesTheHeldWrite() throws Exception {
    AuthProcessor auth = capabilityProcessorWithTokenLog();
    Delegation toBob = grant(ALICE, BOB, ALICE, NOW + 3600);
    Event bob = capabilityWrite(BOB, ALICE, List.of(toBob), OPEN_LETTERS);
    Event revocation = revocationEvent(ALICE, Revocation.issue(ALICE, toBob.cid()));
    Event delegation = delegationEvent(BOB, toBob);
    auth.process(bob, out);
    auth.process(revocation, out);
    assertEquals(1, auth.heldCount());
    auth.process(delegation, out);
    assertEquals(0, auth.heldCount());
    assertTrue(rejectionOf(bob).startsWith("capability Revoked"), rejectionOf(bob));
    assertEquals(List.of(revocation, delegation), out.outputs());
  }

  @Test
  void aDelegationEventMustBeSignedAndPublishedByAParty() throws Exception {
    AuthProcessor auth = capabilityProcessorWithTokenLog();
    Delegation toBob = grant(ALICE, BOB, ALICE, NOW + 3600);
    Event bob = capabilityWrite(BOB, ALICE, List.of(toBob), OPEN_LETTERS);
    auth.process(bob, out);
    Event relayed = delegationEvent(MALLORY, toBob);
    byte[] forgedBytes = toBob.token().toArray();
    forgedBytes[10] ^= 1; // inside the 64-byte signature, which follows the 3-byte array and length header
    Delegation forged = Delegation.decode(forgedBytes).orThrow();
    Event forgery = delegationEvent(ALICE, forged);
    auth.process(relayed, out);
    auth.process(forgery, out);
    assertTrue(rejectionOf(relayed).contains("carried in an event by a third party"), rejectionOf(relayed));
    assertTrue(rejectionOf(forgery).contains("signature does not verify"), rejectionOf(forgery));
    assertEquals(1, auth.heldCount()); // neither made the proof available
    assertEquals(List.of(), out.outputs());
  }

  @Test
  void twoPeersFedDelegationAndRevocationEventsInOppositeOrdersAgreeOnLaterWrites() throws Exception {
    Delegation toBob = grant(ALICE, BOB, ALICE, NOW + 3600);
    Event delegation = delegationEvent(ALICE, toBob);
    Event revocation = revocationEvent(ALICE, Revocation.issue(ALICE, toBob.cid()));
    Collector<Event> first = new Collector<>();
    Collector<Event> second = new Collector<>();
    AuthProcessor one = capabilityProcessorWithTokenLog();
    AuthProcessor two = capabilityProcessorWithTokenLog();
    one.process(delegation, first);
    one.process(revocation, first);
    two.process(revocation, second);
    two.process(delegation, second);
    Event later = capabilityWrite(BOB, ALICE, List.of(toBob), OPEN_LETTERS);
    one.process(later, first);
    two.process(later, second);
    assertEquals(List.of(delegation, revocation), first.outputs());
    assertEquals(List.of(revocation, delegation), second.outputs());
    assertEquals(1, first.rejections().size());
    assertEquals(1, second.rejections().size());
  }

  static Hash id(Event e) {
    return e.id();
  }
}
