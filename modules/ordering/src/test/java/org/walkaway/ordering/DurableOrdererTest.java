package org.walkaway.ordering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.walkaway.core.Bytes;
import org.walkaway.core.Hash;
import org.walkaway.core.LogId;
import org.walkaway.core.Rejection.Reason;
import org.walkaway.core.state.InMemoryStateStore;
import org.walkaway.core.state.Namespace;

/**
 * Crash safety and topic isolation of {@link DurableOrderer}. A crash is simulated by a store that
 * fails at its k-th write, before or after applying it (both are states a real crash can leave), or
 * by restarting from a snapshot ({@link InMemoryOrderingStore#copy()}, {@link InMemoryStateStore#copy()})
 * taken between two offers. Every test runs against each {@link Kind} of store: the reference
 * {@link InMemoryOrderingStore}, and {@link StateBackedOrderingStore} over event-core's state-store
 * SPI (here in memory; store-sqlite and conformance run it over SQLite).
 */
class DurableOrdererTest {
  private static final List<LogId> TOPICS =
      List.of(LogId.ofTopic("red"), LogId.ofTopic("green"), LogId.ofTopic("blue"));

  /** The ordering stores under test. */
  enum Kind {
    IN_MEMORY {
      @Override
      Backing fresh() {
        return new InMemoryBacking(new InMemoryOrderingStore<>());
      }
    },
    STATE_BACKED {
      @Override
      Backing fresh() {
        return new StateBacking(new InMemoryStateStore());
      }
    };

    abstract Backing fresh();
  }

  /** An ordering store, and what a restart after a crash right now would find. */
  interface Backing {
    OrderingStore<Item> store();

    Backing snapshot();
  }

  record InMemoryBacking(InMemoryOrderingStore<Item> store) implements Backing {
    @Override
    public Backing snapshot() {
      return new InMemoryBacking(store.copy());
    }
  }

  record StateBacking(InMemoryStateStore state, OrderingStore<Item> store) implements Backing {
    StateBacking(InMemoryStateStore state) {
      this(state, StateBackedOrderingStore.of(state, Namespace.of("ordering.test"), ITEM_CODEC));
    }

    @Override
    public Backing snapshot() {
      return new StateBacking(state.copy());
    }
  }

  /** id | topic | dependencies, 32 bytes each. */
  static final StateBackedOrderingStore.ItemCodec<Item> ITEM_CODEC =
      new StateBackedOrderingStore.ItemCodec<>() {
        @Override
        public Bytes encode(Item item) {
          ByteBuffer buffer = ByteBuffer.allocate(Hash.LENGTH * (2 + item.dependencies().size()));
          buffer.put(item.id().bytes().toArray()).put(item.topic().bytes().toArray());
          item.dependencies().forEach(d -> buffer.put(d.bytes().toArray()));
          return Bytes.of(buffer.array());
        }

        @Override
        public Item decode(Bytes bytes) {
          List<Hash> dependencies = new ArrayList<>();
          for (int at = 2 * Hash.LENGTH; at < bytes.length(); at += Hash.LENGTH) {
            dependencies.add(Hash.fromBytes(bytes.slice(at, at + Hash.LENGTH).toArray()));
          }
          return new Item(
              Hash.fromBytes(bytes.slice(0, Hash.LENGTH).toArray()),
              dependencies,
              new LogId(bytes.slice(Hash.LENGTH, 2 * Hash.LENGTH)));
        }
      };

  static Stream<Arguments> seeds() {
    return Stream.of(Kind.values())
        .flatMap(kind -> java.util.stream.LongStream.range(0, 120).mapToObj(i -> Arguments.of(kind, 0xC4A5_0000L + i)));
  }

  private static DurableOrderer<Item> open(OrderingStore<Item> store, OrderingLimits limits) {
    return DurableOrderer.open(store, Item.VIEW, Item::topic, limits, MissingListener.NONE);
  }

  /** Random DAGs, one per topic (dependencies stay within a topic). */
  private static List<Item> dags(SplittableRandom random, int maxSize) {
    List<Item> all = new ArrayList<>();
    for (LogId topic : TOPICS) {
      all.addAll(Dags.randomDag(random, 1 + random.nextInt(maxSize), 3, topic));
    }
    return all;
  }

  /**
   * A store that fails at its k-th write, before or after applying it: a crash. A batch
   * ({@link OrderingStore#apply}) is one write when {@code atomicBatches} (the delegate's own atomic
   * batch), else one write per change (the interface's default, which can leave a prefix). Ids
   * marked delivered by a call that then crashed are collected in {@code cutShort}: their
   * hand-overs are the ones a crash may cut.
   */
  static final class CrashingStore<T> extends ReadThroughOrderingStore<T> {
    private final boolean afterWrite;
    private final boolean atomicBatches;
    private final Set<Hash> cutShort;
    private final List<Hash> markedInThisCall = new ArrayList<>();
    private int writesLeft;

    CrashingStore(OrderingStore<T> delegate, int crashAtWrite, boolean afterWrite) {
      this(delegate, crashAtWrite, afterWrite, false, new HashSet<>());
    }

    CrashingStore(
        OrderingStore<T> delegate, int crashAtWrite, boolean afterWrite, boolean atomicBatches, Set<Hash> cutShort) {
      super(delegate);
      this.writesLeft = crashAtWrite;
      this.afterWrite = afterWrite;
      this.atomicBatches = atomicBatches;
      this.cutShort = cutShort;
    }

    @Override
    public List<Long> apply(List<? extends Change<T>> changes) {
      markedInThisCall.clear();
      try {
        if (!atomicBatches) {
          return applyOneByOne(changes);
        }
        List<List<Long>> positions = new ArrayList<>();
        write(() -> {
          positions.add(delegate.apply(changes));
          changes.forEach(change -> {
            if (change instanceof MarkDelivered<T>) {
              markedInThisCall.add(change.id());
            }
          });
        });
        return positions.getFirst();
      } catch (OrderingException crash) {
        cutShort.addAll(markedInThisCall);
        throw crash;
      }
    }

    private void write(Runnable write) {
      if (--writesLeft == 0) {
        if (afterWrite) {
          write.run();
        }
        throw new OrderingException("simulated crash (after the write: " + afterWrite + ")");
      }
      write.run();
    }

    @Override
    public void putPending(LogId topic, Hash id, T item) {
      write(() -> delegate.putPending(topic, id, item));
    }

    @Override
    public long markDelivered(LogId topic, Hash id) {
      long[] position = {-1};
      write(() -> {
        position[0] = delegate.markDelivered(topic, id);
        markedInThisCall.add(id);
      });
      return position[0];
    }

    @Override
    public int discardPending(LogId topic) {
      int[] count = {0};
      write(() -> count[0] = delegate.discardPending(topic));
      return count[0];
    }
  }

  /**
   * The delivery log of each topic holds every item exactly once, after its dependencies, and no
   * item is pending any more; what the consumer got is in log order, and lacks only items whose
   * hand-over a crash cut: items marked by a store call that crashed ({@code cutShort}).
   */
  private static void assertComplete(
      OrderingStore<Item> store, List<Item> all, List<Item> emitted, Set<Hash> cutShort, String context) {
    Map<Hash, Item> byId = Dags.byId(all);
    assertEquals(Set.of(), store.topicsWithPending(), context + ": nothing is left pending");
    Set<Hash> logged = new HashSet<>();
    Map<Hash, Long> positions = new HashMap<>();
    for (LogId topic : TOPICS) {
      List<Hash> log = store.delivered(topic, 0, Integer.MAX_VALUE);
      List<Item> items = log.stream().map(byId::get).toList();
      Dags.assertCausal(items, context + ", delivery log of " + topic);
      for (int i = 0; i < log.size(); i++) {
        positions.put(log.get(i), (long) i);
        assertEquals(topic, items.get(i).topic(), context);
      }
      logged.addAll(log);
    }
    Set<Hash> lost = new HashSet<>(byId.keySet());
    lost.removeAll(logged);
    assertEquals(Set.of(), lost, context + ": items in no delivery log (lost)");
    assertEquals(byId.size(), logged.size(), context);
    assertEquals(emitted.size(), new HashSet<>(emitted).size(), context + ": nothing was handed over twice");
    Map<LogId, Long> lastPosition = new HashMap<>();
    for (Item item : emitted) {
      long position = positions.get(item.id());
      Long last = lastPosition.put(item.topic(), position);
      assertTrue(last == null || last < position, context + ": hand-over follows the delivery log");
    }
    Set<Hash> notHandedOver = new HashSet<>(byId.keySet());
    emitted.forEach(item -> notHandedOver.remove(item.id()));
    notHandedOver.removeAll(cutShort);
    assertEquals(Set.of(), notHandedOver, context + ": only crashes cut hand-overs");
  }

  @ParameterizedTest(name = "{0}, seed {1}")
  @MethodSource("seeds")
  void crashesAtAnyWriteLoseNothingAndDeliverNothingTwiceOrEarly(Kind kind, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    String context = kind + ", seed " + seed;
    List<Item> all = dags(random, 25);
    List<Item> arrivals = Dags.arrivals(random, all, 0.2);
    OrderingStore<Item> store = kind.fresh().store();
    List<Item> emitted = new ArrayList<>();
    Set<Hash> cutShort = new HashSet<>();
    int next = 0;
    int crashes = 0;
    int incarnations = 0;
    while (next < arrivals.size() || incarnations == 0) {
      incarnations++;
      boolean crashable = crashes < 8;
      // Atomic batches (a crash keeps all of an offer's writes or none) or one write per change
      // (a crash can keep a prefix); offers one at a time or several per offerAll. The first
      // incarnation offers one at a time: each item's first offer writes, so it is sure to crash.
      boolean atomicBatches = random.nextBoolean();
      int perCall = incarnations == 1 || random.nextBoolean() ? 1 : 1 + random.nextInt(6);
      OrderingStore<Item> view =
          crashable
              ? new CrashingStore<>(
                  store, 1 + random.nextInt(Math.min(12, all.size())), random.nextBoolean(), atomicBatches, cutShort)
              : store;
      try {
        DurableOrderer<Item> orderer = open(view, OrderingLimits.DEFAULT);
        orderer.drainRecovered(emitted::add);
        while (next < arrivals.size()) {
          List<Item> call = arrivals.subList(next, Math.min(arrivals.size(), next + perCall));
          List<Admission> admissions =
              perCall == 1 ? List.of(orderer.offer(call.getFirst(), emitted::add)) : orderer.offerAll(call, emitted::add);
          assertEquals(call.size(), admissions.size(), context);
          admissions.forEach(admission ->
              assertTrue(!(admission instanceof Admission.Refused), context + ": " + admission));
          next += call.size(); // acknowledged: never offered again, so a lost held item would stay lost
        }
      } catch (OrderingException crash) {
        crashes++;
      }
    }
    DurableOrderer<Item> last = open(store, OrderingLimits.DEFAULT);
    last.drainRecovered(emitted::add);
    assertTrue(crashes > 0, context + ": the run should have crashed at least once");
    assertComplete(store, all, emitted, cutShort, context);
  }

  @ParameterizedTest(name = "{0}, seed {1}")
  @MethodSource("seeds")
  void restartingFromASnapshotTakenBetweenAnyTwoOffers(Kind kind, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    String context = kind + ", seed " + seed;
    List<Item> all = dags(random, 8);
    List<Item> arrivals = Dags.arrivals(random, all, 0.1);
    Backing backing = kind.fresh();
    DurableOrderer<Item> orderer = open(backing.store(), OrderingLimits.DEFAULT);
    List<Backing> snapshots = new ArrayList<>();
    snapshots.add(backing.snapshot());
    for (Item item : arrivals) {
      orderer.offer(item, x -> {});
      snapshots.add(backing.snapshot());
    }
    for (int k = 0; k < snapshots.size(); k++) {
      OrderingStore<Item> restarted = snapshots.get(k).store();
      DurableOrderer<Item> again = open(restarted, OrderingLimits.DEFAULT);
      List<Item> emitted = new ArrayList<>();
      // What the crashed incarnation handed over before snapshot k.
      for (LogId topic : TOPICS) {
        Map<Hash, Item> byId = Dags.byId(all);
        restarted.delivered(topic, 0, Integer.MAX_VALUE).forEach(id -> emitted.add(byId.get(id)));
      }
      again.drainRecovered(emitted::add);
      for (Item item : arrivals.subList(k, arrivals.size())) {
        again.offer(item, emitted::add);
      }
      assertComplete(restarted, all, sortByTopicLog(emitted, restarted), Set.of(), context + ", snapshot " + k);
    }
  }

  private static List<Item> sortByTopicLog(List<Item> emitted, OrderingStore<Item> store) {
    // Emitted items are gathered topic by topic above; order them per topic as the log says.
    Map<Hash, Item> byId = Dags.byId(emitted);
    List<Item> result = new ArrayList<>();
    for (LogId topic : TOPICS) {
      store.delivered(topic, 0, Integer.MAX_VALUE).forEach(id -> result.add(byId.get(id)));
    }
    assertEquals(emitted.size(), result.size());
    return result;
  }

  /**
   * The case where p2panda's orderer can release an event early: a restart after the dependency was
   * released but before its dependants were. Here the dependants come out after the restart, once,
   * after their dependency.
   */
  @ParameterizedTest
  @EnumSource(Kind.class)
  void aRestartInTheMiddleOfACascade(Kind kind) {
    SplittableRandom random = new SplittableRandom(7);
    Item a = Item.of(Dags.randomId(random), List.of());
    Item b = Item.of(Dags.randomId(random), List.of(a.id()));
    Item c = Item.of(Dags.randomId(random), List.of(b.id()));
    Item d = Item.of(Dags.randomId(random), List.of(a.id()));
    OrderingStore<Item> store = kind.fresh().store();
    DurableOrderer<Item> first = open(store, OrderingLimits.DEFAULT);
    List<Item> emitted = new ArrayList<>();
    assertInstanceOf(Admission.Held.class, first.offer(c, emitted::add));
    assertInstanceOf(Admission.Held.class, first.offer(b, emitted::add));
    assertInstanceOf(Admission.Held.class, first.offer(d, emitted::add));
    assertEquals(List.of(a.id()), first.missing(c.topic()));

    // Crash right after a's delivery mark: b, c and d are still pending in the store.
    DurableOrderer<Item> crashing = open(new CrashingStore<>(store, 1, true), OrderingLimits.DEFAULT);
    assertThrows(OrderingException.class, () -> crashing.offer(a, emitted::add));
    assertThrows(IllegalStateException.class, () -> crashing.offer(a, emitted::add));
    assertEquals(List.of(), emitted, "the crash cut a's hand-over");
    assertTrue(store.isDelivered(a.topic(), a.id()));
    assertEquals(3, store.pending(a.topic()).size());

    // Restart: b, c and d are ready and come out once, after a (which is in the delivery log).
    DurableOrderer<Item> second = open(store, OrderingLimits.DEFAULT);
    assertEquals(3, second.drainRecovered(emitted::add));
    assertEquals(Set.of(b, c, d), Set.copyOf(emitted));
    assertTrue(emitted.indexOf(b) < emitted.indexOf(c));
    assertEquals(List.of(a.id()), store.delivered(a.topic(), 0, 1));
    assertEquals(new Admission.Duplicate(), second.offer(a, emitted::add));
    assertEquals(new Admission.Duplicate(), second.offer(c, emitted::add));
    assertEquals(3, emitted.size());
    assertEquals(0, second.bufferedEntries());

    // And a third start finds nothing to do.
    DurableOrderer<Item> third = open(store, OrderingLimits.DEFAULT);
    assertEquals(0, third.drainRecovered(emitted::add));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aCrashBeforeTheWriteAheadLeavesTheItemUnacknowledged(Kind kind) {
    SplittableRandom random = new SplittableRandom(8);
    Item a = Item.of(Dags.randomId(random), List.of());
    Item b = Item.of(Dags.randomId(random), List.of(a.id()));
    OrderingStore<Item> store = kind.fresh().store();
    DurableOrderer<Item> crashing = open(new CrashingStore<>(store, 1, false), OrderingLimits.DEFAULT);
    assertThrows(OrderingException.class, () -> crashing.offer(b, x -> {}));
    assertEquals(List.of(), store.pending(b.topic()), "not written, so not acknowledged");
    DurableOrderer<Item> again = open(store, OrderingLimits.DEFAULT);
    List<Item> emitted = new ArrayList<>();
    again.offer(b, emitted::add); // the source offers it again
    again.offer(a, emitted::add);
    assertEquals(List.of(a, b), emitted);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aFloodInOneTopicDoesNotStallAnother(Kind kind) {
    OrderingLimits limits = new OrderingLimits(100, 1_000, 8);
    OrderingStore<Item> store = kind.fresh().store();
    DurableOrderer<Item> orderer = open(store, limits);
    SplittableRandom random = new SplittableRandom(9);
    LogId flooded = TOPICS.get(0);
    LogId quiet = TOPICS.get(1);
    int refused = 0;
    for (int i = 0; i < 10_000; i++) {
      Item orphan = new Item(Dags.randomId(random), List.of(Dags.randomId(random)), flooded);
      if (orderer.offer(orphan, x -> {}) instanceof Admission.Refused(var rejection)) {
        assertEquals(Reason.LIMIT_EXCEEDED, rejection.reason());
        refused++;
      }
    }
    assertEquals(50, orderer.heldCount(flooded));
    assertEquals(10_000 - 50, refused);
    assertEquals(50, store.pending(flooded).size(), "held means written");

    List<Item> dag = Dags.randomDag(random, 60, 3, quiet);
    List<Item> emitted = new ArrayList<>();
    for (Item item : Dags.arrivals(random, dag, 0.1)) {
      assertTrue(!(orderer.offer(item, emitted::add) instanceof Admission.Refused));
    }
    assertEquals(dag.size(), emitted.size());
    Dags.assertCausal(emitted, "quiet topic");

    assertEquals(50, orderer.discardPending(flooded).size());
    assertEquals(0, orderer.heldCount(flooded));
    assertEquals(List.of(), store.pending(flooded));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void theGlobalBoundCapsAllTopicsTogether(Kind kind) {
    OrderingLimits limits = new OrderingLimits(100, 150, 8);
    DurableOrderer<Item> orderer = open(kind.fresh().store(), limits);
    SplittableRandom random = new SplittableRandom(10);
    int held = 0;
    String lastMessage = "";
    for (int i = 0; i < 1_000; i++) {
      LogId topic = TOPICS.get(i % TOPICS.size());
      Item orphan = new Item(Dags.randomId(random), List.of(Dags.randomId(random)), topic);
      switch (orderer.offer(orphan, x -> {})) {
        case Admission.Held h -> held++;
        case Admission.Refused(var rejection) -> lastMessage = rejection.message();
        default -> throw new AssertionError();
      }
    }
    assertEquals(75, held);
    assertEquals(150, orderer.bufferedEntries());
    assertTrue(lastMessage.contains("all topics"), lastMessage);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void recoveryRebuildsHeldItemsAndTheirMissingIds(Kind kind) {
    SplittableRandom random = new SplittableRandom(11);
    OrderingStore<Item> store = kind.fresh().store();
    DurableOrderer<Item> first = open(store, OrderingLimits.DEFAULT);
    Hash missing = Dags.randomId(random);
    Item held = new Item(Dags.randomId(random), List.of(missing), TOPICS.get(2));
    first.offer(held, x -> {});
    List<Hash> heard = new ArrayList<>();
    DurableOrderer<Item> second =
        DurableOrderer.open(
            store, Item.VIEW, Item::topic, OrderingLimits.DEFAULT, (topic, id) -> heard.add(id));
    assertEquals(List.of(missing), heard, "sync hears again what to ask for");
    assertEquals(Map.of(TOPICS.get(2), List.of(missing)), second.missing());
    assertEquals(2, second.bufferedEntries());
    assertEquals(new Admission.Duplicate(), second.offer(held, x -> {}));
    assertTrue(second.trimMemory() >= 0);
  }

  /** A chain a ← b ← c ← d ← e of one topic, and the receiver's consumption of it. */
  private static List<Item> chain(SplittableRandom random, int length) {
    List<Item> chain = new ArrayList<>();
    for (int i = 0; i < length; i++) {
      chain.add(Item.of(Dags.randomId(random), i == 0 ? List.of() : List.of(chain.get(i - 1).id())));
    }
    return chain;
  }

  /**
   * An offer whose cascade is written whole, after which the process dies before handing anything
   * over: the whole cascade is in the delivery log, nothing is recovered twice, and a receiver that
   * remembers how far it consumed reads exactly the tail it missed.
   */
  @ParameterizedTest
  @EnumSource(Kind.class)
  void aCrashBetweenTheBatchAndTheHandOverLeavesExactlyTheTailInTheDeliveryLog(Kind kind) {
    List<Item> chain = chain(new SplittableRandom(11), 6);
    LogId topic = chain.getFirst().topic();
    OrderingStore<Item> store = kind.fresh().store();
    DurableOrderer<Item> first = open(store, OrderingLimits.DEFAULT);
    List<Item> consumed = new ArrayList<>();
    first.offer(chain.get(0), consumed::add);
    first.offer(chain.get(1), consumed::add);
    for (Item item : chain.subList(3, 6)) {
      assertInstanceOf(Admission.Held.class, first.offer(item, consumed::add));
    }
    long cursor = consumed.size(); // the receiver's record of how far it consumed
    assertEquals(2, cursor);

    Set<Hash> cutShort = new HashSet<>();
    DurableOrderer<Item> crashing = open(new CrashingStore<>(store, 1, true, true, cutShort), OrderingLimits.DEFAULT);
    assertThrows(OrderingException.class, () -> crashing.offer(chain.get(2), consumed::add));
    assertEquals(chain.subList(0, 2), consumed, "the crash came before any hand-over");
    List<Hash> tail = chain.subList(2, 6).stream().map(Item::id).toList();
    assertEquals(Set.copyOf(tail), cutShort);

    DurableOrderer<Item> second = open(store, OrderingLimits.DEFAULT);
    assertEquals(0, second.drainRecovered(consumed::add), "the whole cascade was marked: nothing to recover");
    assertEquals(Set.of(), store.topicsWithPending());
    assertEquals(tail, second.delivered(topic, cursor, Integer.MAX_VALUE), "exactly the missed tail, in order");
    for (Item item : chain) {
      assertEquals(new Admission.Duplicate(), second.offer(item, consumed::add));
    }
    assertEquals(2, consumed.size());
  }

  /** A batch that fails before it is written leaves the store as it was: the offer never happened. */
  @ParameterizedTest
  @EnumSource(Kind.class)
  void aFailedBatchLeavesNothingOfTheOfferApplied(Kind kind) {
    List<Item> chain = chain(new SplittableRandom(12), 5);
    LogId topic = chain.getFirst().topic();
    OrderingStore<Item> store = kind.fresh().store();
    DurableOrderer<Item> first = open(store, OrderingLimits.DEFAULT);
    List<Item> consumed = new ArrayList<>();
    for (Item item : chain.subList(1, 5)) {
      first.offer(item, consumed::add);
    }
    DurableOrderer<Item> crashing = open(new CrashingStore<>(store, 1, false, true, new HashSet<>()), OrderingLimits.DEFAULT);
    assertThrows(OrderingException.class, () -> crashing.offer(chain.get(0), consumed::add));
    assertEquals(List.of(), consumed);
    assertEquals(0, store.deliveredCount(topic), "no mark of the cascade was applied");
    assertEquals(chain.subList(1, 5), store.pending(topic), "every held record is still there");

    DurableOrderer<Item> second = open(store, OrderingLimits.DEFAULT);
    assertEquals(0, second.drainRecovered(consumed::add));
    assertEquals(new Admission.Delivered(5), second.offer(chain.get(0), consumed::add)); // offered again
    assertEquals(chain, consumed);
    assertEquals(chain.stream().map(Item::id).toList(), store.delivered(topic, 0, 10));
  }

  /** Counts the store's writes: one per call of the orderer, whatever the cascade. */
  static final class CountingStore<T> extends ReadThroughOrderingStore<T> {
    int batches;
    int changes;
    int singleWrites;

    CountingStore(OrderingStore<T> delegate) {
      super(delegate);
    }

    @Override
    public List<Long> apply(List<? extends Change<T>> batch) {
      batches++;
      changes += batch.size();
      return delegate.apply(batch);
    }

    @Override
    public void putPending(LogId topic, Hash id, T item) {
      singleWrites++;
      delegate.putPending(topic, id, item);
    }

    @Override
    public long markDelivered(LogId topic, Hash id) {
      singleWrites++;
      return delegate.markDelivered(topic, id);
    }

    @Override
    public int discardPending(LogId topic) {
      return delegate.discardPending(topic);
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aCascadeIsOneStoreWriteAndABatchOfOffersIsOne(Kind kind) {
    List<Item> chain = chain(new SplittableRandom(13), 50);
    CountingStore<Item> store = new CountingStore<>(kind.fresh().store());
    DurableOrderer<Item> orderer = open(store, OrderingLimits.DEFAULT);
    List<Item> consumed = new ArrayList<>();
    for (Item item : chain.reversed()) {
      orderer.offer(item, consumed::add);
    }
    assertEquals(chain, consumed);
    assertEquals(50, store.batches, "49 held items, then one write for the 50-item cascade");
    assertEquals(99, store.changes);

    CountingStore<Item> second = new CountingStore<>(kind.fresh().store());
    DurableOrderer<Item> batched = open(second, OrderingLimits.DEFAULT);
    List<Item> consumedToo = new ArrayList<>();
    List<Item> arrivals = new ArrayList<>(chain.reversed());
    arrivals.add(chain.get(7)); // a duplicate within the batch
    List<Admission> admissions = batched.offerAll(arrivals, consumedToo::add);
    assertEquals(chain, consumedToo);
    assertEquals(new Admission.Delivered(50), admissions.get(49));
    assertEquals(new Admission.Duplicate(), admissions.get(50));
    assertEquals(1, second.batches, "one write for the whole call");
    assertEquals(99, second.changes, "each item held, then marked, in the same batch");
    assertEquals(0, store.singleWrites + second.singleWrites);
    assertEquals(chain.stream().map(Item::id).toList(), second.delivered(chain.getFirst().topic(), 0, 100));
    assertEquals(Set.of(), second.topicsWithPending());
  }

  /** offerAll gives the same admissions and hand-overs as offering one item at a time. */
  @ParameterizedTest(name = "{0}, seed {1}")
  @MethodSource("fewSeeds")
  void offerAllAnswersLikeOneOfferAtATime(Kind kind, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    String context = kind + ", seed " + seed;
    List<Item> arrivals = Dags.arrivals(random, dags(random, 30), 0.2);
    DurableOrderer<Item> single = open(kind.fresh().store(), OrderingLimits.DEFAULT);
    OrderingStore<Item> batchedStore = kind.fresh().store();
    DurableOrderer<Item> batched = open(batchedStore, OrderingLimits.DEFAULT);
    List<Item> singly = new ArrayList<>();
    List<Admission> singleAdmissions = new ArrayList<>();
    arrivals.forEach(item -> singleAdmissions.add(single.offer(item, singly::add)));
    List<Item> inBatches = new ArrayList<>();
    List<Admission> batchAdmissions = new ArrayList<>();
    for (int next = 0; next < arrivals.size(); ) {
      int size = 1 + random.nextInt(10);
      List<Item> call = arrivals.subList(next, Math.min(arrivals.size(), next + size));
      batchAdmissions.addAll(batched.offerAll(call, inBatches::add));
      next += call.size();
    }
    assertEquals(singleAdmissions, batchAdmissions, context);
    assertEquals(singly, inBatches, context);
    for (LogId topic : TOPICS) {
      List<Hash> handedOver = inBatches.stream().filter(i -> i.topic().equals(topic)).map(Item::id).toList();
      assertEquals(handedOver, batchedStore.delivered(topic, 0, Integer.MAX_VALUE), context + ": log = hand-overs");
    }
  }

  static Stream<Arguments> fewSeeds() {
    return Stream.of(Kind.values())
        .flatMap(kind -> java.util.stream.LongStream.range(0, 20).mapToObj(i -> Arguments.of(kind, 0xBA7C_0000L + i)));
  }
}
