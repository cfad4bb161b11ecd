package org.walkaway.ordering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.walkaway.core.Hash;
import org.walkaway.core.LogId;
import org.walkaway.core.Rejection.Reason;

class CausalOrdererTest {
  private final SplittableRandom random = new SplittableRandom(42);
  private final List<Item> delivered = new ArrayList<>();

  private Hash id() {
    return Dags.randomId(random);
  }

  private Item item(Hash... dependencies) {
    return Item.of(id(), List.of(dependencies));
  }

  @Test
  void holdsUntilTheDependencyArrives() {
    CausalOrderer<Item> orderer = CausalOrderer.of(Item.VIEW);
    Item a = item();
    Item b = item(a.id());
    Item c = item(a.id(), b.id());
    assertEquals(new Admission.Held(2), orderer.offer(c, delivered::add));
    assertEquals(new Admission.Held(1), orderer.offer(b, delivered::add));
    assertEquals(List.of(a.id()), orderer.missing());
    assertEquals(2, orderer.heldCount());
    assertEquals(3 + 2, orderer.bufferedEntries());
    assertTrue(orderer.isHeld(b.id()));
    assertEquals(new Admission.Delivered(3), orderer.offer(a, delivered::add));
    assertEquals(List.of(a, b, c), delivered);
    assertTrue(orderer.isDelivered(c.id()));
    assertEquals(0, orderer.bufferedEntries());
    assertEquals(new Admission.Duplicate(), orderer.offer(b, delivered::add));
  }

  @Test
  void aSelfDependencyIsRefusedAndLeavesNoTrace() {
    CausalOrderer<Item> orderer = CausalOrderer.of(Item.VIEW);
    Hash self = id();
    Hash other = id();
    Item selfish = Item.of(self, List.of(other, self));
    Admission admission = orderer.offer(selfish, delivered::add);
    var refused = assertInstanceOf(Admission.Refused.class, admission);
    assertEquals(Reason.REFUSED, refused.rejection().reason());
    assertTrue(refused.rejection().message().contains("depends on itself"), refused.toString());
    assertEquals(0, orderer.heldCount());
    assertEquals(List.of(), orderer.missing(), "nothing was registered before the refusal");
  }

  @Test
  void tooManyDependenciesAreRefused() {
    CausalOrderer<Item> orderer =
        CausalOrderer.builder(Item.VIEW).limits(new OrderingLimits(100, 100, 2)).build();
    var refused =
        assertInstanceOf(
            Admission.Refused.class, orderer.offer(item(id(), id(), id()), delivered::add));
    assertEquals(Reason.LIMIT_EXCEEDED, refused.rejection().reason());
  }

  @Test
  void aFullBufferRefusesNewcomersKeepsWhatItHoldsAndStillDeliversWhatIsReady() {
    CausalOrderer<Item> orderer =
        CausalOrderer.builder(Item.VIEW).limits(new OrderingLimits(10, 10, 8)).build();
    List<Item> orphans = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Item orphan = item(id()); // 2 entries each
      orphans.add(orphan);
      assertInstanceOf(Admission.Held.class, orderer.offer(orphan, delivered::add));
    }
    assertEquals(10, orderer.bufferedEntries());

    Item root = item();
    Item child = item(root.id());
    var refused = assertInstanceOf(Admission.Refused.class, orderer.offer(child, delivered::add));
    assertEquals(Reason.LIMIT_EXCEEDED, refused.rejection().reason());
    assertTrue(refused.rejection().message().contains("is full"), refused.toString());
    assertEquals(orphans, orderer.held(), "nothing held was evicted");

    // What is ready needs no room: the topic keeps going in causal order.
    assertEquals(new Admission.Delivered(1), orderer.offer(root, delivered::add));
    assertEquals(new Admission.Delivered(1), orderer.offer(child, delivered::add));
    assertEquals(List.of(root, child), delivered);

    // Clearing the flood makes room again.
    assertEquals(orphans, orderer.discardHeld());
    assertEquals(0, orderer.bufferedEntries());
    assertEquals(List.of(), orderer.missing());
    assertInstanceOf(Admission.Held.class, orderer.offer(item(id()), delivered::add));
    // A discarded orphan may come again.
    assertInstanceOf(Admission.Held.class, orderer.offer(orphans.get(0), delivered::add));
  }

  @Test
  void anItemThatAloneExceedsTheBufferIsRefused() {
    CausalOrderer<Item> orderer =
        CausalOrderer.builder(Item.VIEW).limits(new OrderingLimits(3, 3, 8)).build();
    assertInstanceOf(Admission.Refused.class, orderer.offer(item(id(), id(), id()), delivered::add));
    assertInstanceOf(Admission.Held.class, orderer.offer(item(id(), id()), delivered::add));
  }

  @Test
  void aCycleIsNeverDeliveredAndCanBeDiscarded() {
    CausalOrderer<Item> orderer = CausalOrderer.of(Item.VIEW);
    Hash a = id();
    Hash b = id();
    Hash c = id();
    Item itemA = Item.of(a, List.of(c));
    Item itemB = Item.of(b, List.of(a));
    Item itemC = Item.of(c, List.of(b));
    assertInstanceOf(Admission.Held.class, orderer.offer(itemA, delivered::add));
    assertInstanceOf(Admission.Held.class, orderer.offer(itemB, delivered::add));
    assertInstanceOf(Admission.Held.class, orderer.offer(itemC, delivered::add));
    assertEquals(List.of(), delivered);
    assertEquals(3, orderer.heldCount());
    assertEquals(List.of(), orderer.missing(), "every id of the cycle was seen");
    Item bystander = item();
    assertEquals(new Admission.Delivered(1), orderer.offer(bystander, delivered::add));
    assertEquals(3, orderer.discardHeld().size());
    assertEquals(0, orderer.bufferedEntries());
  }

  @Test
  void aDependencyListedTwiceCountsTwiceAndResolvesOnce() {
    CausalOrderer<Item> orderer = CausalOrderer.of(Item.VIEW);
    Item a = item();
    Item b = Item.of(id(), List.of(a.id(), a.id()));
    assertEquals(new Admission.Held(2), orderer.offer(b, delivered::add));
    assertEquals(List.of(a.id()), orderer.missing());
    assertEquals(new Admission.Delivered(2), orderer.offer(a, delivered::add));
    assertEquals(List.of(a, b), delivered);
  }

  @Test
  void theMissingListenerHearsEachMissingIdOnce() {
    List<Hash> heard = new ArrayList<>();
    LogId topic = LogId.ofTopic("t");
    CausalOrderer<Item> orderer =
        CausalOrderer.builder(Item.VIEW)
            .topic(topic)
            .missingListener(
                (t, id) -> {
                  assertEquals(topic, t);
                  heard.add(id);
                })
            .build();
    Item a = item();
    Item b = item(a.id());
    orderer.offer(item(a.id()), delivered::add);
    orderer.offer(item(a.id(), b.id()), delivered::add);
    assertEquals(List.of(a.id(), b.id()), heard);
    orderer.offer(b, delivered::add); // b arrives, but waits for a: no longer missing itself
    assertEquals(List.of(a.id()), orderer.missing());
    assertEquals(2, heard.size());
  }

  @Test
  void aHistoryAnswersForEarlierDeliveriesAndAllowsForgetting() {
    Set<Hash> earlier = new HashSet<>();
    Item old = item();
    earlier.add(old.id());
    CausalOrderer<Item> orderer = CausalOrderer.builder(Item.VIEW).history(earlier::contains).build();
    assertEquals(new Admission.Duplicate(), orderer.offer(old, delivered::add));
    Item next = item(old.id());
    assertEquals(new Admission.Delivered(1), orderer.offer(next, delivered::add));
    earlier.add(next.id());
    assertTrue(orderer.forgetDelivered() >= 1);
    assertEquals(new Admission.Duplicate(), orderer.offer(next, delivered::add));
    assertEquals(List.of(next), delivered);

    CausalOrderer<Item> forgetful = CausalOrderer.of(Item.VIEW);
    assertThrows(IllegalStateException.class, forgetful::forgetDelivered);
  }

  @Test
  void aThrowingConsumerBreaksTheOrderer() {
    CausalOrderer<Item> orderer = CausalOrderer.of(Item.VIEW);
    assertThrows(
        IllegalArgumentException.class,
        () -> orderer.offer(item(), x -> {
          throw new IllegalArgumentException("boom");
        }));
    assertThrows(IllegalStateException.class, () -> orderer.offer(item(), delivered::add));
  }

  @Test
  void aFloodOfOrphansStaysWithinItsBound() {
    OrderingLimits limits = new OrderingLimits(1_000, 1_000, 4);
    CausalOrderer<Item> orderer = CausalOrderer.builder(Item.VIEW).limits(limits).build();
    int refused = 0;
    for (int i = 0; i < 20_000; i++) {
      if (orderer.offer(item(id(), id()), delivered::add) instanceof Admission.Refused) {
        refused++;
      }
    }
    assertTrue(orderer.bufferedEntries() <= 1_000, orderer.toString());
    assertEquals(333, orderer.heldCount());
    assertEquals(20_000 - 333, refused);
    assertFalse(orderer.missing().isEmpty());
  }
}
