package org.walkaway.ordering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.walkaway.core.Bytes;
import org.walkaway.core.Hash;
import org.walkaway.core.LogId;
import org.walkaway.core.state.InMemoryStateStore;
import org.walkaway.core.state.KeyRange;
import org.walkaway.core.state.Namespace;
import org.walkaway.core.state.StateBatch;
import org.walkaway.core.state.StateEntry;
import org.walkaway.core.state.StateStore;
import org.walkaway.core.store.StoreException;

/**
 * {@link StateBackedOrderingStore} against the reference {@link InMemoryOrderingStore}: the same
 * random calls give the same answers, including for topics whose bytes are all {@code 0x00} or all
 * {@code 0xff} (the edges of its key ranges) and a second store in another namespace of the same
 * state store.
 */
class StateBackedOrderingStoreTest {
  private static final List<LogId> TOPICS =
      List.of(topicOf(0x00), LogId.ofTopic("a"), LogId.ofTopic("b"), topicOf(0xff));

  private static LogId topicOf(int fill) {
    byte[] bytes = new byte[LogId.LENGTH];
    Arrays.fill(bytes, (byte) fill);
    return new LogId(Bytes.of(bytes));
  }

  static LongStream seeds() {
    return LongStream.range(0, 40).map(i -> 0x0BDE_0000L + i);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void answersLikeTheReferenceStore(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    InMemoryStateStore state = new InMemoryStateStore();
    OrderingStore<Item> store = StateBackedOrderingStore.of(state, Namespace.of("a"), DurableOrdererTest.ITEM_CODEC);
    OrderingStore<Item> neighbour = StateBackedOrderingStore.of(state, Namespace.of("b"), DurableOrdererTest.ITEM_CODEC);
    InMemoryOrderingStore<Item> reference = new InMemoryOrderingStore<>();
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      items.add(new Item(Dags.randomId(random), List.of(Dags.randomId(random)), TOPICS.get(random.nextInt(TOPICS.size()))));
    }
    for (int step = 0; step < 300; step++) {
      String context = "seed " + seed + ", step " + step;
      Item item = items.get(random.nextInt(items.size()));
      LogId topic = item.topic();
      boolean delivered = reference.isDelivered(topic, item.id());
      switch (random.nextInt(8)) {
        case 0, 1, 2 -> {
          if (delivered) {
            assertThrows(IllegalStateException.class, () -> store.putPending(topic, item.id(), item), context);
          } else {
            reference.putPending(topic, item.id(), item);
            store.putPending(topic, item.id(), item);
          }
        }
        case 3, 4, 5 -> {
          if (delivered) {
            assertThrows(IllegalStateException.class, () -> store.markDelivered(topic, item.id()), context);
          } else {
            assertEquals(reference.markDelivered(topic, item.id()), store.markDelivered(topic, item.id()), context);
          }
        }
        case 6 -> assertEquals(reference.discardPending(topic), store.discardPending(topic), context);
        default -> neighbour.putPending(topic, item.id(), item); // must not show in the other namespace
      }
      assertEquals(reference.topicsWithPending(), store.topicsWithPending(), context);
      for (LogId t : TOPICS) {
        assertEquals(reference.pending(t), store.pending(t), context + ", " + t);
        assertEquals(reference.deliveredCount(t), store.deliveredCount(t), context);
        long from = random.nextInt(5);
        int max = random.nextInt(5);
        assertEquals(reference.delivered(t, from, max), store.delivered(t, from, max), context);
      }
      Item probe = items.get(random.nextInt(items.size()));
      assertEquals(reference.isDelivered(probe.topic(), probe.id()), store.isDelivered(probe.topic(), probe.id()), context);
    }
  }

  @Test
  void storeFailuresAndUndecodableItemsAreOrderingExceptions() {
    InMemoryStateStore state = new InMemoryStateStore();
    Namespace namespace = Namespace.of("ordering");
    OrderingStore<Item> store = StateBackedOrderingStore.of(state, namespace, DurableOrdererTest.ITEM_CODEC);
    Item item = new Item(Dags.randomId(new SplittableRandom(1)), List.of(), TOPICS.get(1));
    store.putPending(item.topic(), item.id(), item);
    // Damage the held record: cut the item's bytes short.
    var record = state.scan(namespace, org.walkaway.core.state.KeyRange.prefix(Bytes.of((byte) 2)), 1).getFirst();
    state.apply(StateBatch.builder().put(namespace, record.key(), record.value().slice(0, Hash.LENGTH + 5)).build());
    assertThrows(OrderingException.class, () -> store.pending(item.topic()));
    state.close();
    OrderingException e = assertThrows(OrderingException.class, () -> store.isDelivered(item.topic(), item.id()));
    assertEquals(StoreException.class, e.getCause().getClass());
    assertThrows(IllegalArgumentException.class, () -> store.delivered(item.topic(), -1, 1));
  }

  /** Everything a store shows, to compare before and after a failed batch. */
  private static List<Object> contents(OrderingStore<Item> store, List<Item> items) {
    List<Object> contents = new ArrayList<>();
    contents.add(store.topicsWithPending());
    for (LogId t : TOPICS) {
      contents.add(store.pending(t));
      contents.add(store.delivered(t, 0, Integer.MAX_VALUE));
    }
    items.forEach(item -> contents.add(store.isDelivered(item.topic(), item.id())));
    return contents;
  }

  /**
   * Random batches of holds and marks (an item may be held and marked in one batch, several marks
   * share a topic): the same positions as the reference, and a batch with an invalid change (an id
   * delivered twice, or held after its delivery) changes nothing in either store.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void batchesAnswerLikeTheReferenceStoreAndAreAllOrNothing(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    OrderingStore<Item> store =
        StateBackedOrderingStore.of(new InMemoryStateStore(), Namespace.of("a"), DurableOrdererTest.ITEM_CODEC);
    InMemoryOrderingStore<Item> reference = new InMemoryOrderingStore<>();
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      items.add(new Item(Dags.randomId(random), List.of(), TOPICS.get(random.nextInt(TOPICS.size()))));
    }
    int failed = 0;
    for (int step = 0; step < 150; step++) {
      String context = "seed " + seed + ", step " + step;
      List<OrderingStore.Change<Item>> batch = new ArrayList<>();
      for (int n = 1 + random.nextInt(6); n > 0; n--) {
        Item item = items.get(random.nextInt(items.size()));
        batch.add(random.nextInt(3) == 0
            ? new OrderingStore.PutPending<>(item.topic(), item.id(), item)
            : new OrderingStore.MarkDelivered<>(item.topic(), item.id()));
      }
      List<Object> before = contents(store, items);
      List<Long> expected;
      try {
        expected = reference.apply(batch);
      } catch (IllegalStateException refused) {
        failed++;
        assertEquals(before, contents(reference, items), context + ": the reference applied part of a failed batch");
        assertThrows(IllegalStateException.class, () -> store.apply(batch), context);
        assertEquals(before, contents(store, items), context + ": a failed batch left something applied");
        continue;
      }
      assertEquals(expected, store.apply(batch), context);
      assertEquals(contents(reference, items), contents(store, items), context);
    }
    assertTrue(failed > 0 && failed < 150, "seed " + seed + ": both outcomes exercised, " + failed + " failed");
  }

  /** The state store failing the batch's one transaction: nothing of the batch is applied. */
  @Test
  void aStateStoreFailureDuringABatchLeavesNothingApplied() {
    InMemoryStateStore state = new InMemoryStateStore();
    boolean[] failing = {false};
    StateStore flaky = new StateStore() {
      @Override
      public Optional<Bytes> get(Namespace namespace, Bytes key) {
        return state.get(namespace, key);
      }

      @Override
      public List<StateEntry> scan(Namespace namespace, KeyRange range, int limit) {
        return state.scan(namespace, range, limit);
      }

      @Override
      public void apply(StateBatch batch) {
        if (failing[0]) {
          throw new StoreException("disk full");
        }
        state.apply(batch);
      }

      @Override
      public void close() {}
    };
    OrderingStore<Item> store = StateBackedOrderingStore.of(flaky, Namespace.of("a"), DurableOrdererTest.ITEM_CODEC);
    SplittableRandom random = new SplittableRandom(3);
    LogId topic = TOPICS.get(1);
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      items.add(new Item(Dags.randomId(random), List.of(), topic));
    }
    store.putPending(topic, items.get(0).id(), items.get(0));
    store.markDelivered(topic, items.get(1).id());
    List<Object> before = contents(store, items);
    failing[0] = true;
    OrderingException e = assertThrows(OrderingException.class, () -> store.apply(List.of(
        new OrderingStore.MarkDelivered<>(topic, items.get(0).id()),
        new OrderingStore.PutPending<>(topic, items.get(2).id(), items.get(2)),
        new OrderingStore.MarkDelivered<>(topic, items.get(3).id()))));
    assertEquals(StoreException.class, e.getCause().getClass());
    assertEquals(before, contents(store, items));
    failing[0] = false;
    assertEquals(List.of(1L, 2L), store.apply(List.of(
        new OrderingStore.MarkDelivered<>(topic, items.get(0).id()),
        new OrderingStore.PutPending<>(topic, items.get(2).id(), items.get(2)),
        new OrderingStore.MarkDelivered<>(topic, items.get(3).id()))));
    assertEquals(List.of(items.get(2)), store.pending(topic));
    assertEquals(4, new HashSet<>(store.delivered(topic, 0, 10)).size() + 1);
  }

  /** Only each key's last write reaches the state store: an item held and delivered in one batch leaves no held record behind. */
  @Test
  void aBatchWritesEachKeyOnceAndNoHeldRecordForAnItemDeliveredInIt() {
    InMemoryStateStore state = new InMemoryStateStore();
    List<StateBatch> batches = new ArrayList<>();
    StateStore recording = new StateStore() {
      @Override
      public Optional<Bytes> get(Namespace namespace, Bytes key) {
        return state.get(namespace, key);
      }

      @Override
      public List<StateEntry> scan(Namespace namespace, KeyRange range, int limit) {
        return state.scan(namespace, range, limit);
      }

      @Override
      public void apply(StateBatch batch) {
        batches.add(batch);
        state.apply(batch);
      }

      @Override
      public void close() {}
    };
    OrderingStore<Item> store = StateBackedOrderingStore.of(recording, Namespace.of("a"), DurableOrdererTest.ITEM_CODEC);
    SplittableRandom random = new SplittableRandom(4);
    LogId topic = TOPICS.get(2);
    Item held = new Item(Dags.randomId(random), List.of(), topic);
    Item passing = new Item(Dags.randomId(random), List.of(), topic);
    Item direct = new Item(Dags.randomId(random), List.of(), topic);
    store.putPending(topic, held.id(), held);
    assertEquals(List.of(0L, 1L, 2L), store.apply(List.of(
        new OrderingStore.PutPending<>(topic, passing.id(), passing),
        new OrderingStore.MarkDelivered<>(topic, held.id()),
        new OrderingStore.MarkDelivered<>(topic, passing.id()),
        new OrderingStore.MarkDelivered<>(topic, direct.id()))));
    StateBatch batch = batches.getLast();
    // 3 × (log entry + delivered id), the counters once, and the deletion of held's two records.
    assertEquals(3 * 2 + 1 + 2, batch.writes().size(), batch.toString());
    assertEquals(List.of(), store.pending(topic));
    assertEquals(Set.of(), store.topicsWithPending());
    assertEquals(List.of(held.id(), passing.id(), direct.id()), store.delivered(topic, 0, 10));
  }
}
