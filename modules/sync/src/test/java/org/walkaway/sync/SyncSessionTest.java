package org.walkaway.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.walkaway.core.Body;
import org.walkaway.core.Event;
import org.walkaway.core.EventBuilder;
import org.walkaway.core.Hash;
import org.walkaway.core.SigningKey;
import org.walkaway.core.store.InMemoryEventStore;

class SyncSessionTest {
  private static final SigningKey X = Fixtures.node(1);
  private static final SigningKey Y = Fixtures.node(2);

  static Fixtures.Link link(InMemoryEventStore storeA, InMemoryEventStore storeB, SyncConfig configA) {
    SyncConfig configB =
        new SyncConfig(configA.topic(), Y.publicKey(), X.publicKey(), !configA.initiator(), configA.live(),
            configA.reconcileAbove(), configA.maxFrameBytes(), configA.stallTimeoutMillis(),
            configA.commitBatch(), configA.sendBatch(), configA.decodeLimits(), configA.verifyExecutor(),
            configA.verifyParallelism());
    return new Fixtures.Link(new SyncSession(configA, storeA), new SyncSession(configB, storeB));
  }

  static SyncConfig config() {
    return SyncConfig.of(Fixtures.TOPIC, X.publicKey(), Y.publicKey(), true);
  }

  @Test
  void twoPeersExchangeExactlyWhatEachLacksInOneRoundTrip() {
    SplittableRandom random = new SplittableRandom(7);
    List<Event> shared = Fixtures.log(random, 30, 64, -1);
    List<Event> onlyA = Fixtures.log(random, 12, 64, -1);
    List<Event> onlyB = Fixtures.log(random, 5, 64, -1);
    InMemoryEventStore storeA = new InMemoryEventStore();
    InMemoryEventStore storeB = new InMemoryEventStore();
    Fixtures.appendAll(storeA, shared);
    Fixtures.appendAll(storeA, onlyA);
    Fixtures.appendAll(storeB, shared.subList(0, 20));
    Fixtures.appendAll(storeB, onlyB);

    Fixtures.Link link = link(storeA, storeB, config().withBatches(4, 3)).run();

    assertEquals(Fixtures.ids(storeA), Fixtures.ids(storeB));
    SyncStats a = link.at(true, SyncOutput.Completed.class).getFirst().stats();
    SyncStats b = link.at(false, SyncOutput.Completed.class).getFirst().stats();
    assertEquals(22, a.eventsSent(), "A sends the 10 shared events B lacks and A's own log");
    assertEquals(5, a.eventsReceived());
    assertEquals(22, b.eventsReceived());
    assertEquals(0, a.duplicatesReceived() + b.duplicatesReceived());
    assertEquals(2, link.firstEventFlightAtB, "first missing event after one round trip (two flights)");
    assertEquals(2, link.firstEventFlightAtA);
    assertTrue(link.a.isEnded() && link.b.isEnded());
  }

  @Test
  void peersThatAgreeExchangeOnlyHellosAnnouncementsAndDone() {
    SplittableRandom random = new SplittableRandom(8);
    List<Event> log = Fixtures.log(random, 10, 16, -1);
    InMemoryEventStore storeA = new InMemoryEventStore();
    InMemoryEventStore storeB = new InMemoryEventStore();
    Fixtures.appendAll(storeA, log);
    Fixtures.appendAll(storeB, log);
    Fixtures.Link link = link(storeA, storeB, config()).run();
    SyncStats a = link.at(true, SyncOutput.Completed.class).getFirst().stats();
    assertEquals(3, a.framesSent());
    assertEquals(0, a.eventsSent());
  }

  @Test
  void verifiesInParallelWhenGivenAnExecutor() {
    SplittableRandom random = new SplittableRandom(9);
    List<Event> log = Fixtures.log(random, 50, 100, -1);
    InMemoryEventStore storeA = new InMemoryEventStore();
    InMemoryEventStore storeB = new InMemoryEventStore();
    Fixtures.appendAll(storeA, log);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      link(storeA, storeB, config().withVerifyExecutor(pool, 2).withBatches(16, 16)).run();
    } finally {
      pool.shutdownNow();
    }
    assertEquals(Fixtures.ids(storeA), Fixtures.ids(storeB));
  }

  @Test
  void prunedPrefixesAreNeitherSentNorAskedFor() {
    SplittableRandom random = new SplittableRandom(10);
    List<Event> pruned = Fixtures.log(random, 12, 32, 6);
    InMemoryEventStore storeA = new InMemoryEventStore();
    Fixtures.appendAll(storeA, pruned); // seq 6 prunes 0..5
    InMemoryEventStore empty = new InMemoryEventStore();
    Fixtures.Link first = link(storeA, empty, config()).run();
    assertEquals(6, first.at(false, SyncOutput.Completed.class).getFirst().stats().eventsReceived());
    assertEquals(Fixtures.ids(storeA), Fixtures.ids(empty));

    InMemoryEventStore behind = new InMemoryEventStore();
    Fixtures.appendAll(behind, pruned.subList(0, 3));
    link(storeA, behind, config()).run();
    assertEquals(Fixtures.ids(storeA), Fixtures.ids(behind), "the prune event lets B skip 3..5 and drop 0..2");
    assertEquals(6, behind.prunePoint(pruned.getFirst().logKey()));

    // Pruned without a prune flag: the event at the prune point cannot continue B's copy, so A skips it.
    List<Event> plain = Fixtures.log(random, 10, 32, -1);
    InMemoryEventStore storeC = new InMemoryEventStore();
    Fixtures.appendAll(storeC, plain);
    storeC.prune(plain.getFirst().logKey(), 5);
    InMemoryEventStore storeD = new InMemoryEventStore();
    Fixtures.appendAll(storeD, plain.subList(0, 2));
    Fixtures.Link skipped = link(storeC, storeD, config()).run();
    assertEquals(0, skipped.at(true, SyncOutput.Completed.class).getFirst().stats().eventsSent());
    assertTrue(skipped.at(true, SyncOutput.Failed.class).isEmpty());
  }

  @Test
  void reconciliationCostFollowsTheDifferenceNotTheTotal() {
    SplittableRandom random = new SplittableRandom(11);
    int authors = 3000;
    List<List<Event>> logs = new ArrayList<>();
    for (int i = 0; i < authors; i++) {
      logs.add(Fixtures.log(random, 2, 8, -1));
    }
    long small = reconciledBytes(logs, 4);
    long larger = reconciledBytes(logs, 40);
    long inline = reconciledBytesInline(logs, 4);
    assertTrue(small < larger, small + " bytes for 4 differing logs, " + larger + " for 40");
    assertTrue(small * 8 < inline, "reconciling " + small + " bytes vs sending every tip " + inline);
  }

  private static long reconciledBytes(List<List<Event>> logs, int differing) {
    return syncBytes(logs, differing, config().withReconcileAbove(100));
  }

  private static long reconciledBytesInline(List<List<Event>> logs, int differing) {
    return syncBytes(logs, differing, config().withReconcileAbove(100_000));
  }

  private static long syncBytes(List<List<Event>> logs, int differing, SyncConfig config) {
    InMemoryEventStore storeA = new InMemoryEventStore();
    InMemoryEventStore storeB = new InMemoryEventStore();
    for (int i = 0; i < logs.size(); i++) {
      Fixtures.appendAll(storeA, logs.get(i));
      // B lacks the second event of `differing` logs spread over the key space.
      Fixtures.appendAll(storeB, i % (logs.size() / differing) == 0 ? logs.get(i).subList(0, 1) : logs.get(i));
    }
    Fixtures.Link link = link(storeA, storeB, config).run();
    assertEquals(Fixtures.ids(storeA), Fixtures.ids(storeB));
    SyncStats a = link.at(true, SyncOutput.Completed.class).getFirst().stats();
    assertEquals(differing, a.eventsSent());
    long eventBytes = 0;
    for (int i = 0; i < logs.size(); i += logs.size() / differing) {
      Event e = logs.get(i).get(1);
      eventBytes += e.headerBytes().length() + e.body().orElseThrow().size() + 6;
    }
    return a.bytesSent() + a.bytesReceived() - eventBytes;
  }

  @Test
  void liveModePushesNewEventsOnce() {
    SplittableRandom random = new SplittableRandom(12);
    SigningKey author = SigningKey.generate(random);
    Event first = EventBuilder.create().logId(Fixtures.TOPIC).body(Body.ofText("one")).sign(author);
    InMemoryEventStore storeA = new InMemoryEventStore();
    InMemoryEventStore storeB = new InMemoryEventStore();
    Fixtures.appendAll(storeA, List.of(first));
    Fixtures.Link link = link(storeA, storeB, config().withLive(true)).run();
    assertEquals(1, link.at(true, SyncOutput.Completed.class).size());
    assertTrue(!link.a.isEnded() && !link.b.isEnded());

    Event second = EventBuilder.following(first).body(Body.ofText("two")).sign(author);
    Fixtures.appendAll(storeA, List.of(second));
    link.route(link.a.publish(second), true);
    link.route(link.a.publish(second), true); // published twice: sent once
    while (link.step()) {}
    assertEquals(Set.of(first.id(), second.id()), Fixtures.ids(storeB));
    assertTrue(link.b.publish(second).isEmpty(), "B does not echo what came from A");
    assertEquals(0, link.b.stats().duplicatesReceived());
    link.route(link.a.close(), true);
    while (link.step()) {}
    assertTrue(link.a.isEnded() && link.b.isEnded());
    Set<Hash> received = new HashSet<>();
    link.at(false, SyncOutput.Received.class).forEach(r -> r.events().forEach(e -> received.add(e.id())));
    assertEquals(Set.of(first.id(), second.id()), received);
  }
}
