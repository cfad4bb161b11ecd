package org.walkaway.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.walkaway.core.Event;
import org.walkaway.core.Hash;
import org.walkaway.core.LogId;
import org.walkaway.ordering.Admission;
import org.walkaway.ordering.DependencyView;
import org.walkaway.ordering.DurableOrderer;
import org.walkaway.ordering.MissingListener;
import org.walkaway.ordering.OrderingLimits;
import org.walkaway.ordering.OrderingStore;
import org.walkaway.ordering.StateBackedOrderingStore;
import org.walkaway.store.sqlite.SqliteEventStore;
import org.walkaway.store.sqlite.SqliteStateStore;

/**
 * End to end, across three modules that do not know each other: a {@link DurableOrderer} of signed
 * events (ordering) keeps its state through {@link StateBackedOrderingStore} in the file of a
 * {@link SqliteEventStore} ({@link SqliteStateStore#sharing}, store-sqlite), over event-core's
 * state-store SPI.
 *
 * <p>Three authors write into one topic, each event following its author's previous one (backlink)
 * and the other authors' newest ones ({@code previous}). The events arrive shuffled, with every
 * author's first event last, so that almost everything is held and the last arrivals set off release
 * cascades. The process "dies" in the middle of a cascade: the consumer throws after a random number
 * of hand-overs, which is a crash between the cascade's delivery marks (committed in one batch) and
 * the rest of its hand-overs; the
 * file is closed with whatever was committed and opened again by a new orderer, which resumes.
 * Afterwards: every event is in the delivery log exactly once and after its dependencies, nothing is
 * left pending, the consumer got nothing twice, in log order, and missed only the hand-overs the
 * crash cut (from the interrupted one to the end of that cascade), which it finds in the delivery
 * log from its cursor.
 */
class DurableOrderingOverSqliteTest {
  private static final LogId ROOM = LogId.ofTopic("room");

  @TempDir Path dir;

  static LongStream seeds() {
    return LongStream.range(0, 6).map(i -> 0x5EED_0500L + i);
  }

  /** Thrown by the consumer: the process dies here. */
  private static final class SimulatedCrash extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SimulatedCrash() {
      super("simulated crash in the middle of a release cascade");
    }
  }

  private static DurableOrderer<Event> open(OrderingStore<Event> store) {
    return DurableOrderer.open(store, DependencyView.events(), Event::logId, OrderingLimits.DEFAULT, MissingListener.NONE);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aRestartInTheMiddleOfACascadeDeliversNothingTwiceOrEarlyAndLosesNothing(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    String context = "seed " + seed;
    List<Event> all = Conversations.random(random, 40, ROOM);
    List<Event> arrivals = new ArrayList<>(all);
    for (int i = arrivals.size() - 1; i > 0; i--) {
      Collections.swap(arrivals, i, random.nextInt(i + 1));
    }
    List<Event> roots = arrivals.stream().filter(e -> e.seqNum() == 0).toList();
    arrivals.removeAll(roots);
    arrivals.addAll(roots); // the cascades come at the end
    arrivals.add(arrivals.get(random.nextInt(arrivals.size()))); // and a duplicate
    int crashAfter = random.nextInt(1, all.size() - 1);
    Path file = dir.resolve("node.db");

    List<Event> emitted = new ArrayList<>();
    List<Event> interrupted = new ArrayList<>();
    Consumer<Event> dying = event -> {
      if (emitted.size() == crashAfter) {
        interrupted.add(event);
        throw new SimulatedCrash();
      }
      emitted.add(event);
    };
    int next = 0;
    try (SqliteEventStore events = SqliteEventStore.open(file)) {
      DurableOrderer<Event> first =
          open(StateBackedOrderingStore.forEvents(SqliteStateStore.sharing(events), StateBackedOrderingStore.NAMESPACE));
      for (; next < arrivals.size(); next++) {
        Admission admission = first.offer(arrivals.get(next), dying);
        assertTrue(!(admission instanceof Admission.Refused), context + ": " + admission);
      }
      throw new AssertionError(context + ": the consumer should have crashed after " + crashAfter);
    } catch (SimulatedCrash crash) {
      // The offer that crashed was not acknowledged: its source offers it again after the restart.
    }
    assertEquals(crashAfter, emitted.size(), context);

    try (SqliteEventStore events = SqliteEventStore.open(file)) {
      OrderingStore<Event> store =
          StateBackedOrderingStore.forEvents(SqliteStateStore.sharing(events), StateBackedOrderingStore.NAMESPACE);
      DurableOrderer<Event> second = open(store);
      // The consumer's cursor: it read the delivery log up to what it was handed. Whatever the crash
      // cut between the cascade's marks and their hand-overs is in the log past that cursor,
      // starting with the hand-over that was interrupted.
      List<Hash> cut = second.delivered(ROOM, crashAfter, Integer.MAX_VALUE);
      assertEquals(interrupted.getFirst().id(), cut.getFirst(), context + ": the interrupted hand-over comes first");
      Map<Hash, Event> byId = new HashMap<>();
      all.forEach(e -> byId.put(e.id(), e));
      cut.forEach(id -> emitted.add(byId.get(id)));

      second.drainRecovered(emitted::add);
      for (; next < arrivals.size(); next++) {
        Admission admission = second.offer(arrivals.get(next), emitted::add);
        assertTrue(!(admission instanceof Admission.Refused), context + ": " + admission);
      }

      List<Hash> log = store.delivered(ROOM, 0, Integer.MAX_VALUE);
      assertEquals(Set.of(), store.topicsWithPending(), context + ": nothing is left pending");
      assertEquals(all.size(), log.size(), context + ": the delivery log holds every event");
      assertEquals(all.size(), new HashSet<>(log).size(), context + ": ... once");
      assertEquals(log, emitted.stream().map(Event::id).toList(), context + ": handed over once each, in log order");
      Set<Hash> before = new HashSet<>();
      for (Hash id : log) {
        for (Hash dependency : DependencyView.events().dependencies(byId.get(id))) {
          assertTrue(before.contains(dependency), context + ": " + id + " delivered before its dependency " + dependency);
        }
        before.add(id);
      }
      assertEquals(new Admission.Duplicate(), second.offer(all.getFirst(), e -> {
        throw new AssertionError("delivered twice");
      }));
    }

    // And a third start finds nothing to do.
    try (SqliteEventStore events = SqliteEventStore.open(file)) {
      DurableOrderer<Event> third =
          open(StateBackedOrderingStore.forEvents(SqliteStateStore.sharing(events), StateBackedOrderingStore.NAMESPACE));
      assertEquals(0, third.drainRecovered(e -> {
        throw new AssertionError("delivered twice after a clean restart");
      }), context);
    }
  }

  /** A held event is stored as its bytes, read back (and verified) after a reopen, and released once. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aHeldEventSurvivesAReopenAndIsReleasedOnce(long seed) {
    List<Event> all = Conversations.random(new SplittableRandom(seed), 3, ROOM);
    Event held = all.get(1); // its backlink (all.get(0)) never arrives
    Path file = dir.resolve("node.db");
    try (SqliteEventStore events = SqliteEventStore.open(file)) {
      DurableOrderer<Event> orderer =
          open(StateBackedOrderingStore.forEvents(SqliteStateStore.sharing(events), StateBackedOrderingStore.NAMESPACE));
      assertInstanceOf(Admission.Held.class, orderer.offer(held, e -> {}));
    }
    try (SqliteEventStore events = SqliteEventStore.open(file)) {
      OrderingStore<Event> store =
          StateBackedOrderingStore.forEvents(SqliteStateStore.sharing(events), StateBackedOrderingStore.NAMESPACE);
      assertEquals(List.of(held), store.pending(ROOM), "seed " + seed);
      List<Event> emitted = new ArrayList<>();
      DurableOrderer<Event> orderer = open(store);
      orderer.offer(all.get(0), emitted::add);
      assertEquals(List.of(all.get(0), held), emitted, "seed " + seed);
      assertThrows(IllegalStateException.class, () -> store.markDelivered(ROOM, held.id()));
    }
  }
}
