package org.walkaway.ordering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.walkaway.core.Bytes;
import org.walkaway.core.Hash;
import org.walkaway.core.LogId;
import org.walkaway.core.state.InMemoryStateStore;
import org.walkaway.core.state.Namespace;
import org.walkaway.core.state.StateBatch;
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
}
