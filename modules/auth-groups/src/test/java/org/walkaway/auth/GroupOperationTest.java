package org.walkaway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.walkaway.auth.internal.DagCbor;
import org.walkaway.core.Body;
import org.walkaway.core.Bytes;
import org.walkaway.core.Event;
import org.walkaway.core.EventBuilder;
import org.walkaway.core.Hash;
import org.walkaway.core.LogId;

/** The wire form of group operations: actions in canonical DAG-CBOR in an event's body. */
class GroupOperationTest {
  private static final Hash G = Hash.of(new byte[] {1});
  private static final Member BOB = Member.key(TestKit.BOB.publicKey());

  @Test
  void everyActionRoundTripsThroughAnEventBody() {
    TreeMap<Member, Access> founders = new TreeMap<>(Map.of(BOB, Access.WRITE, Member.group(G), Access.READ));
    List<GroupAction> actions = List.of(new GroupAction.Create(founders), new GroupAction.Add(G, BOB, Access.PULL),
        new GroupAction.Remove(G, Member.group(G)), new GroupAction.Promote(G, BOB, Access.MANAGE),
        new GroupAction.Demote(G, BOB, Access.READ));
    for (GroupAction action : actions) {
      assertEquals(action, GroupOperation.decodeAction(GroupOperation.encodeAction(action).bytes()).orElseThrow());
    }
  }

  @Test
  void anEventBecomesAnOperationWithItsPreviousAndBacklinkAsDependencies() {
    LogId log = LogId.ofTopic("walkaway/groups");
    Event first = EventBuilder.create().logId(log).body(GroupOperation.encodeAction(new GroupAction.Create(new TreeMap<>())))
        .sign(TestKit.ALICE);
    Event second = EventBuilder.following(first).previous(List.of(G))
        .body(GroupOperation.encodeAction(new GroupAction.Add(first.id(), BOB, Access.WRITE))).sign(TestKit.ALICE);
    GroupOperation op = GroupOperation.fromEvent(second).orElseThrow();
    assertEquals(second.id(), op.id());
    assertEquals(TestKit.ALICE.publicKey(), op.author());
    assertEquals(new java.util.TreeSet<>(List.of(G, first.id())).stream().toList(), op.previous());
    assertEquals(first.id(), op.group());
    assertEquals(first.id(), GroupOperation.fromEvent(first).orElseThrow().group());
  }

  @Test
  void malformedBodiesAreRefusedNotThrown() {
    List<Bytes> bad = List.of(Bytes.of((byte) 0xff), Bytes.of(DagCbor.encode(new Ipld.Text("add"))),
        Bytes.of(DagCbor.encode(Ipld.Dict.of(Map.of("op", new Ipld.Text("grant"))))),
        Bytes.of(DagCbor.encode(Ipld.Dict.of(Map.of("op", new Ipld.Text("add"), "group", new Ipld.Blob(G.bytes()),
            "member", new Ipld.Text("bob"), "access", new Ipld.Text("write"))))),
        Bytes.of(DagCbor.encode(Ipld.Dict.of(Map.of("op", new Ipld.Text("add"), "group", new Ipld.Blob(G.bytes()),
            "member", new Ipld.Seq(List.of(new Ipld.Text("key"), new Ipld.Blob(TestKit.BOB.publicKey().bytes()))),
            "access", new Ipld.Text("owner"))))));
    for (Bytes body : bad) {
      assertFalse(GroupOperation.decodeAction(body).isAccepted(), body.toHex());
    }
    Event noBody = EventBuilder.create().body(Body.ofText("x")).sign(TestKit.ALICE).withoutBody();
    assertFalse(GroupOperation.fromEvent(noBody).isAccepted());
  }

  @Test
  void syntheticIdsAreTheHashOfTheContent() {
    GroupAction add = new GroupAction.Add(G, BOB, Access.WRITE);
    GroupOperation a = GroupOperation.synthetic(TestKit.ALICE.publicKey(), List.of(G), add);
    assertEquals(a, GroupOperation.synthetic(TestKit.ALICE.publicKey(), List.of(G, G), add));
    assertNotEquals(a.id(), GroupOperation.synthetic(TestKit.CAROL.publicKey(), List.of(G), add).id());
    assertThrows(IllegalArgumentException.class, () -> new GroupOperation(G, TestKit.ALICE.publicKey(), List.of(G), add));
  }
}
