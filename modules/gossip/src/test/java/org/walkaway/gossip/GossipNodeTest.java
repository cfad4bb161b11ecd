package org.walkaway.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.walkaway.core.Bytes;
import org.walkaway.core.Hash;
import org.walkaway.core.PublicKey;
import org.walkaway.core.Rejection;

/** One node driven by hand: the message-level rules. */
class GossipNodeTest {
  private static final TopicId TOPIC = TopicId.fromName("unit");
  private static final PublicKey ALICE = key(1);
  private static final PublicKey BOB = key(2);
  private static final PublicKey CAROL = key(3);

  private static PublicKey key(int n) {
    byte[] bytes = new byte[32];
    bytes[31] = (byte) n;
    return new PublicKey(Bytes.of(bytes));
  }

  private static GossipNode node(PublicKey self, GossipConfig config) {
    return GossipNode.create(self, config, new SplittableRandom(7));
  }

  private static <T> List<T> only(List<Output> outputs, Class<T> type) {
    return outputs.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** Alice, in the topic with Bob as her only neighbour. */
  private static GossipNode aliceWithBob(GossipConfig config) {
    GossipNode alice = node(ALICE, config);
    alice.handle(0, new Input.JoinTopic(TOPIC, List.of()));
    List<Output> out = alice.handle(1, new Input.Received(BOB, new GossipMessage.Join(TOPIC)));
    assertTrue(out.contains(new Output.NeighborUp(TOPIC, BOB)), out.toString());
    assertTrue(out.contains(new Output.Send(BOB, new GossipMessage.Neighbor(TOPIC, GossipMessage.Priority.HIGH))));
    return alice;
  }

  @Test
  void aJoinMakesTheJoinerANeighbourAndTheContactConfirms() {
    GossipNode bob = node(BOB, GossipConfig.defaults());
    List<Output> joining = bob.handle(0, new Input.JoinTopic(TOPIC, List.of(ALICE)));
    assertTrue(joining.contains(new Output.Send(ALICE, new GossipMessage.Join(TOPIC))), joining.toString());
    assertTrue(bob.activeView(TOPIC).isEmpty(), "not a neighbour before the contact confirms");

    List<Output> confirmed = bob.handle(5, new Input.Received(ALICE,
        new GossipMessage.Neighbor(TOPIC, GossipMessage.Priority.HIGH)));
    assertEquals(List.of(ALICE), bob.activeView(TOPIC));
    assertTrue(confirmed.contains(new Output.NeighborUp(TOPIC, ALICE)));
    assertTrue(confirmed.contains(new Output.Send(ALICE, new GossipMessage.NeighborReply(TOPIC, true))));
  }

  @Test
  void aPayloadOverTheLimitIsRefusedAtPublish() {
    GossipConfig config = GossipConfig.defaults().withBroadcast(BroadcastConfig.builder().maxPayloadBytes(100).build());
    GossipNode alice = aliceWithBob(config);
    PublishResult result = alice.publish(2, TOPIC, Bytes.of(new byte[101]));
    PublishResult.Refused refused = assertInstanceOf(PublishResult.Refused.class, result);
    assertEquals(PublishError.Reason.PAYLOAD_TOO_LARGE, refused.error().reason());
    PublishRefusedException thrown = assertThrows(PublishRefusedException.class, result::orElseThrow);
    assertEquals(PublishError.Reason.PAYLOAD_TOO_LARGE, thrown.error().reason());
    // Exactly at the limit is fine.
    assertInstanceOf(PublishResult.Published.class, alice.publish(2, TOPIC, Bytes.of(new byte[100])));
  }

  @Test
  void publishingToATopicNotJoinedOrTwiceIsRefused() {
    GossipNode alice = aliceWithBob(GossipConfig.defaults());
    PublishResult elsewhere = alice.publish(2, TopicId.fromName("other"), Bytes.of(new byte[] {1}));
    assertEquals(PublishError.Reason.NOT_JOINED,
        assertInstanceOf(PublishResult.Refused.class, elsewhere).error().reason());

    PublishResult first = alice.publish(3, TOPIC, Bytes.of(new byte[] {1}));
    PublishResult.Published published = assertInstanceOf(PublishResult.Published.class, first);
    assertEquals(Hash.of(new byte[] {1}), published.id());
    GossipMessage.Gossip pushed = new GossipMessage.Gossip(TOPIC, published.id(), 1, Bytes.of(new byte[] {1}));
    assertEquals(List.of(new Output.Send(BOB, pushed)), published.outputs());
    PublishResult again = alice.publish(4, TOPIC, Bytes.of(new byte[] {1}));
    assertEquals(PublishError.Reason.DUPLICATE, assertInstanceOf(PublishResult.Refused.class, again).error().reason());
  }

  @Test
  void aPayloadIsDeliveredOnceAndADuplicatePrunesItsLink() {
    GossipNode alice = aliceWithBob(GossipConfig.defaults());
    alice.handle(2, new Input.Received(CAROL, new GossipMessage.Join(TOPIC)));
    Bytes payload = Bytes.of(new byte[] {9, 9});
    GossipMessage.Gossip gossip = new GossipMessage.Gossip(TOPIC, Hash.of(payload), 3, payload);

    List<Output> first = alice.handle(3, new Input.Received(BOB, gossip));
    assertEquals(List.of(new Output.Deliver(TOPIC, gossip.id(), payload, BOB, 3)), only(first, Output.Deliver.class));
    // Forwarded along the tree to Carol, one hop further.
    assertTrue(first.contains(new Output.Send(CAROL, new GossipMessage.Gossip(TOPIC, gossip.id(), 4, payload))));

    List<Output> second = alice.handle(4, new Input.Received(CAROL, gossip));
    assertTrue(only(second, Output.Deliver.class).isEmpty(), "delivered twice: " + second);
    assertEquals(List.of(new Output.Send(CAROL, new GossipMessage.Prune(TOPIC))), only(second, Output.Send.class));
    assertEquals(List.of(CAROL), alice.lazyPeers(TOPIC));
    assertEquals(List.of(BOB), alice.eagerPeers(TOPIC));
  }

  @Test
  void anOversizedOrMislabelledPayloadIsRejectedNotDelivered() {
    GossipConfig config = GossipConfig.defaults().withBroadcast(BroadcastConfig.builder().maxPayloadBytes(8).build());
    GossipNode alice = aliceWithBob(config);
    Bytes big = Bytes.of(new byte[9]);
    List<Output> tooBig = alice.handle(2, new Input.Received(BOB, new GossipMessage.Gossip(TOPIC, Hash.of(big), 1, big)));
    assertEquals(1, tooBig.size(), tooBig.toString());
    Output.Rejected rejected = assertInstanceOf(Output.Rejected.class, tooBig.getFirst());
    assertEquals(BOB, rejected.peer());
    assertEquals(Rejection.Reason.LIMIT_EXCEEDED, rejected.rejection().reason());

    Bytes payload = Bytes.of(new byte[] {1, 2});
    Hash wrongId = Hash.of(new byte[] {3});
    List<Output> mislabelled = alice.handle(3, new Input.Received(BOB, new GossipMessage.Gossip(TOPIC, wrongId, 1, payload)));
    assertEquals(Rejection.Reason.INVALID_FIELD,
        assertInstanceOf(Output.Rejected.class, mislabelled.getFirst()).rejection().reason());
    // The forged id did not poison deduplication: the real message under that id still arrives.
    Bytes real = Bytes.of(new byte[] {3});
    List<Output> genuine = alice.handle(4, new Input.Received(BOB, new GossipMessage.Gossip(TOPIC, wrongId, 1, real)));
    assertEquals(1, only(genuine, Output.Deliver.class).size(), genuine.toString());
  }

  @Test
  void anAnnouncedMessageThatDoesNotArriveIsGrafted() {
    GossipNode alice = aliceWithBob(GossipConfig.defaults());
    Hash id = Hash.of(new byte[] {5});
    List<Output> announced = alice.handle(2, new Input.Received(BOB,
        new GossipMessage.IHave(TOPIC, List.of(new GossipMessage.Announcement(id, 2)))));
    Output.SetTimer timer = assertInstanceOf(Output.SetTimer.class, announced.getFirst());
    assertEquals(new Timer.Missing(TOPIC, 0, id), timer.timer());
    assertEquals(500, timer.delayMillis());

    List<Output> fired = alice.handle(502, new Input.TimerFired(timer.timer()));
    assertTrue(fired.contains(new Output.Send(BOB, new GossipMessage.Graft(TOPIC, List.of(id)))), fired.toString());

    List<Output> answered = alice.handle(600, new Input.Received(BOB,
        new GossipMessage.Gossip(TOPIC, id, 3, Bytes.of(new byte[] {5}))));
    assertEquals(1, only(answered, Output.Deliver.class).size());
    List<Output> late = alice.handle(752, new Input.TimerFired(timer.timer()));
    assertTrue(late.isEmpty(), "no graft once the message arrived: " + late);
  }

  @Test
  void aNodeAnswersGraftsFromItsCache() {
    GossipNode alice = aliceWithBob(GossipConfig.defaults());
    Bytes payload = Bytes.of(new byte[] {4, 2});
    alice.publish(2, TOPIC, payload).orElseThrow();
    Hash id = Hash.of(payload);
    List<Output> out = alice.handle(3, new Input.Received(BOB, new GossipMessage.Graft(TOPIC, List.of(id))));
    assertEquals(List.of(new Output.Send(BOB, new GossipMessage.Gossip(TOPIC, id, 1, payload))), out);
  }

  @Test
  void aMessageForATopicNotJoinedGetsADisconnectAndRevealsNothingElse() {
    GossipNode alice = aliceWithBob(GossipConfig.defaults());
    TopicId other = TopicId.fromName("not alice's");
    List<Output> out = alice.handle(2, new Input.Received(CAROL, new GossipMessage.Join(other)));
    assertEquals(List.of(new Output.Send(CAROL, new GossipMessage.Disconnect(other, false))), out);
    assertEquals(java.util.Set.of(TOPIC), alice.topics());
    List<Output> goodbye = alice.handle(3, new Input.Received(CAROL, new GossipMessage.Disconnect(other, false)));
    assertTrue(goodbye.isEmpty(), "no answer to a goodbye: " + goodbye);
  }

  @Test
  void leavingTellsTheNeighbours() {
    GossipNode alice = aliceWithBob(GossipConfig.defaults());
    List<Output> out = alice.handle(2, new Input.LeaveTopic(TOPIC));
    assertEquals(List.of(new Output.Send(BOB, new GossipMessage.Disconnect(TOPIC, false)),
        new Output.NeighborDown(TOPIC, BOB)), out);
    assertTrue(alice.topics().isEmpty());
  }

  @Test
  void aLostConnectionPromotesAPassivePeer() {
    GossipNode alice = aliceWithBob(GossipConfig.defaults());
    // Carol arrives in Alice's passive view through a shuffle reply.
    alice.handle(2, new Input.Received(BOB, new GossipMessage.ShuffleReply(TOPIC, List.of(CAROL))));
    assertEquals(List.of(CAROL), alice.passiveView(TOPIC));
    List<Output> out = alice.handle(3, new Input.ConnectionLost(BOB));
    assertTrue(out.contains(new Output.NeighborDown(TOPIC, BOB)), out.toString());
    // Alone now, so the request cannot be refused.
    assertTrue(out.contains(new Output.Send(CAROL, new GossipMessage.Neighbor(TOPIC, GossipMessage.Priority.HIGH))),
        out.toString());
    List<Output> accepted = alice.handle(4, new Input.Received(CAROL, new GossipMessage.NeighborReply(TOPIC, true)));
    assertTrue(accepted.contains(new Output.NeighborUp(TOPIC, CAROL)), accepted.toString());
    assertEquals(List.of(CAROL), alice.activeView(TOPIC));
  }

  @Test
  void timeMustNotGoBackwards() {
    GossipNode alice = node(ALICE, GossipConfig.defaults());
    alice.handle(10, new Input.JoinTopic(TOPIC, List.of()));
    assertThrows(IllegalArgumentException.class, () -> alice.handle(9, new Input.LeaveTopic(TOPIC)));
  }

  @Test
  void configsAreValidated() {
    assertThrows(IllegalArgumentException.class, () -> MembershipConfig.builder().activeViewCapacity(0).build());
    assertThrows(IllegalArgumentException.class,
        () -> MembershipConfig.builder().passiveRandomWalkLength(7).activeRandomWalkLength(6).build());
    assertThrows(IllegalArgumentException.class, () -> BroadcastConfig.builder().maxPayloadBytes(0).build());
    MembershipConfig paper = MembershipConfig.defaults();
    assertEquals(List.of(5, 30, 6, 3), List.of(paper.activeViewCapacity(), paper.passiveViewCapacity(),
        paper.activeRandomWalkLength(), paper.passiveRandomWalkLength()));
  }
}
