package org.walkaway.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.walkaway.core.Event;
import org.walkaway.core.SigningKey;
import org.walkaway.core.store.InMemoryEventStore;

/** Both peers dial each other at once: the session initiated by the lower key wins, nothing travels twice. */
class DialTieBreakTest {
  private final SigningKey x = Fixtures.node(21);
  private final SigningKey y = Fixtures.node(22);

  private record Run(Fixtures.Link byX, Fixtures.Link byY, InMemoryEventStore storeX, InMemoryEventStore storeY) {
    long duplicates() {
      return Stream.of(byX.a, byX.b, byY.a, byY.b).mapToLong(s -> s.stats().duplicatesReceived()).sum();
    }
  }

  private Run dialBoth(boolean sharedLedgers) {
    SplittableRandom random = new SplittableRandom(3);
    InMemoryEventStore storeX = new InMemoryEventStore();
    InMemoryEventStore storeY = new InMemoryEventStore();
    for (int i = 0; i < 4; i++) {
      List<Event> log = Fixtures.log(random, 20, 32, -1);
      Fixtures.appendAll(storeX, log.subList(0, 5 * i));
      Fixtures.appendAll(storeY, log.subList(0, 20 - 5 * i));
    }
    PeerLedger ledgerX = new PeerLedger();
    PeerLedger ledgerY = new PeerLedger();
    Fixtures.Link byX = new Fixtures.Link(
        new SyncSession(SyncConfig.of(Fixtures.TOPIC, x.publicKey(), y.publicKey(), true).withBatches(3, 3), storeX,
            sharedLedgers ? ledgerX : new PeerLedger()),
        new SyncSession(SyncConfig.of(Fixtures.TOPIC, y.publicKey(), x.publicKey(), false), storeY,
            sharedLedgers ? ledgerY : new PeerLedger()));
    Fixtures.Link byY = new Fixtures.Link(
        new SyncSession(SyncConfig.of(Fixtures.TOPIC, y.publicKey(), x.publicKey(), true).withBatches(3, 3), storeY,
            sharedLedgers ? ledgerY : new PeerLedger()),
        new SyncSession(SyncConfig.of(Fixtures.TOPIC, x.publicKey(), y.publicKey(), false), storeX,
            sharedLedgers ? ledgerX : new PeerLedger()));
    byX.start();
    byY.start();
    boolean moving = true;
    while (moving) {
      moving = byX.step() | byY.step();
    }
    return new Run(byX, byY, storeX, storeY);
  }

  @Test
  void theSessionInitiatedByTheLowerKeyWinsAndNothingTravelsTwice() {
    Run run = dialBoth(true);
    assertEquals(Fixtures.ids(run.storeX()), Fixtures.ids(run.storeY()));
    assertEquals(0, run.duplicates());
    boolean xIsLower = x.publicKey().compareTo(y.publicKey()) < 0;
    Fixtures.Link winner = xIsLower ? run.byX() : run.byY();
    Fixtures.Link loser = xIsLower ? run.byY() : run.byX();
    assertEquals(1, winner.at(true, SyncOutput.Completed.class).size(), winner.outputsA.toString());
    assertEquals(1, winner.at(false, SyncOutput.Completed.class).size(), winner.outputsB.toString());
    assertTrue(Stream.concat(loser.outputsA.stream(), loser.outputsB.stream())
        .anyMatch(o -> o instanceof SyncOutput.Closed c && c.reason().equals("superseded")),
        loser.outputsA + " / " + loser.outputsB);
    assertEquals(0, loser.a.stats().eventsSent() + loser.b.stats().eventsSent());
  }

  @Test
  void withoutASharedLedgerBothSessionsRunAndEventsTravelTwice() {
    Run run = dialBoth(false);
    assertEquals(Fixtures.ids(run.storeX()), Fixtures.ids(run.storeY()));
    assertTrue(run.duplicates() > 0, "this is what the ledger prevents");
  }
}
