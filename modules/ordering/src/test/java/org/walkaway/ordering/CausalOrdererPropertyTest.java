package org.walkaway.ordering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.walkaway.core.Hash;

/**
 * Properties of causal delivery over random DAGs and arrival orders. Each case is one seed; a
 * failure names it, and {@code seeds()} can be narrowed to it to replay the case.
 */
class CausalOrdererPropertyTest {

  static LongStream seeds() {
    return LongStream.range(0, 300).map(i -> 0x5EED_0000L + i);
  }

  static LongStream fewSeeds() {
    return LongStream.range(0, 12).map(i -> 0xA11_0000L + i);
  }

  /** Offers {@code arrivals} and returns what was delivered, checking each admission's shape. */
  private static List<Item> run(CausalOrderer<Item> orderer, List<Item> arrivals, String context) {
    List<Item> delivered = new ArrayList<>();
    Set<Hash> offered = new HashSet<>();
    for (Item item : arrivals) {
      int before = delivered.size();
      Admission admission = orderer.offer(item, delivered::add);
      boolean repeat = !offered.add(item.id());
      switch (admission) {
        case Admission.Delivered(int released) -> {
          assertEquals(released, delivered.size() - before, context);
          assertEquals(item, delivered.get(before), context + ": the offered item comes first");
        }
        case Admission.Held(int awaiting) -> assertEquals(before, delivered.size(), context);
        case Admission.Duplicate() -> {
          assertTrue(repeat, context + ": a first offer of " + item + " was called a duplicate");
          assertEquals(before, delivered.size(), context);
        }
        case Admission.Refused(var rejection) ->
            throw new AssertionError(context + ": refused " + item + ": " + rejection);
      }
      if (repeat) {
        assertInstanceOf(Admission.Duplicate.class, admission, context);
      }
    }
    return delivered;
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void everyArrivalOrderDeliversEverythingOnceAndCausally(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    String context = "seed " + seed;
    List<Item> dag = Dags.randomDag(random, 1 + random.nextInt(80), 1 + random.nextInt(5));
    List<Hash> linearOrder = null;
    for (int peer = 0; peer < 4; peer++) {
      List<Item> arrivals = Dags.arrivals(random, dag, 0.2);
      CausalOrderer<Item> orderer = CausalOrderer.of(Item.VIEW);
      List<Item> delivered = run(orderer, arrivals, context + ", peer " + peer);

      assertEquals(dag.size(), delivered.size(), context + ": everything is delivered exactly once");
      assertEquals(new HashSet<>(dag), new HashSet<>(delivered), context);
      Dags.assertCausal(delivered, context + ", peer " + peer);
      assertEquals(0, orderer.heldCount(), context);
      assertEquals(0, orderer.bufferedEntries(), context);
      assertEquals(List.of(), orderer.missing(), context);

      // The deterministic order is a function of the set: the same on every peer.
      List<Hash> order = LinearOrder.sort(delivered, Item.VIEW).stream().map(Item::id).toList();
      Dags.assertCausal(LinearOrder.sort(arrivals, Item.VIEW), context);
      if (linearOrder == null) {
        linearOrder = order;
      } else {
        assertEquals(linearOrder, order, context + ": peers disagree on the linear order");
      }
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aPartialArrivalDeliversExactlyWhatIsComplete(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    String context = "seed " + seed;
    List<Item> dag = Dags.randomDag(random, 2 + random.nextInt(60), 1 + random.nextInt(4));
    List<Item> present = new ArrayList<>();
    for (Item item : dag) {
      if (random.nextDouble() < 0.8) {
        present.add(item);
      }
    }
    CausalOrderer<Item> orderer = CausalOrderer.of(Item.VIEW);
    List<Item> delivered = run(orderer, Dags.arrivals(random, present, 0.1), context);

    Set<Hash> expected = Dags.deliverable(present);
    assertEquals(expected, ids(delivered), context + ": delivered = items whose history is complete");
    Dags.assertCausal(delivered, context);
    assertEquals(present.size() - expected.size(), orderer.heldCount(), context);

    // missing() = ids held items wait for that never arrived.
    Set<Hash> presentIds = ids(present);
    Set<Hash> expectedMissing = new LinkedHashSet<>();
    for (Item item : present) {
      if (!expected.contains(item.id())) {
        for (Hash dependency : item.dependencies()) {
          if (!presentIds.contains(dependency)) {
            expectedMissing.add(dependency);
          }
        }
      }
    }
    assertEquals(expectedMissing, new HashSet<>(orderer.missing()), context);

    // Sending what is missing (as sync would) completes the delivery.
    List<Item> rest = new ArrayList<>(dag);
    rest.removeAll(present);
    Dags.shuffle(rest, random);
    List<Item> all = new ArrayList<>(delivered);
    all.addAll(run(orderer, rest, context + ", second round"));
    assertEquals(dag.size(), all.size(), context);
    Dags.assertCausal(all, context);
    assertEquals(0, orderer.bufferedEntries(), context);
  }

  /** Small DAGs, every one of their arrival permutations. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("fewSeeds")
  void everyPermutationOfASmallDag(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Item> dag = Dags.randomDag(random, 6, 3);
    String context = "seed " + seed;
    Set<List<Hash>> linearOrders = new HashSet<>();
    int[] permutations = {0};
    permute(new ArrayList<>(dag), 0, arrivals -> {
      permutations[0]++;
      List<Item> delivered = run(CausalOrderer.of(Item.VIEW), arrivals, context + " " + arrivals);
      assertEquals(dag.size(), delivered.size(), context);
      Dags.assertCausal(delivered, context + " " + arrivals);
      linearOrders.add(LinearOrder.sort(arrivals, Item.VIEW).stream().map(Item::id).toList());
    });
    assertEquals(720, permutations[0]);
    assertEquals(1, linearOrders.size(), context + ": one linear order for all permutations");
  }

  private static void permute(List<Item> items, int from, java.util.function.Consumer<List<Item>> each) {
    if (from == items.size()) {
      each.accept(List.copyOf(items));
      return;
    }
    for (int i = from; i < items.size(); i++) {
      java.util.Collections.swap(items, from, i);
      permute(items, from + 1, each);
      java.util.Collections.swap(items, from, i);
    }
  }

  /** A long chain arriving backwards: the release cascade must not recurse. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("fewSeeds")
  void aLongChainArrivingBackwards(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Item> chain = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      List<Hash> dependencies = i == 0 ? List.of() : List.of(chain.get(i - 1).id());
      chain.add(Item.of(Dags.randomId(random), dependencies));
    }
    CausalOrderer<Item> orderer = CausalOrderer.of(Item.VIEW);
    List<Item> delivered = new ArrayList<>();
    for (int i = chain.size() - 1; i > 0; i--) {
      assertInstanceOf(Admission.Held.class, orderer.offer(chain.get(i), delivered::add));
    }
    assertEquals(List.of(chain.get(0).id()), orderer.missing());
    assertEquals(new Admission.Delivered(chain.size()), orderer.offer(chain.get(0), delivered::add));
    assertEquals(chain, delivered, "seed " + seed);
  }

  /**
   * Ids that share their first eight bytes (the part the orderer's table hashes) must still be
   * told apart by the rest: the same DAG, its ids rewritten to one common prefix, behaves alike.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("fewSeeds")
  void idsSharingTheirFirstEightBytes(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    String context = "seed " + seed;
    byte[] prefix = new byte[8];
    random.nextBytes(prefix);
    List<Item> dag = withPrefix(Dags.randomDag(random, 200 + random.nextInt(200), 4), prefix);
    List<Item> present = new ArrayList<>();
    List<Item> absent = new ArrayList<>();
    for (Item item : dag) {
      (random.nextDouble() < 0.9 ? present : absent).add(item);
    }
    CausalOrderer<Item> orderer = CausalOrderer.of(Item.VIEW);
    List<Item> delivered = run(orderer, Dags.arrivals(random, present, 0.2), context);
    assertEquals(Dags.deliverable(present), ids(delivered), context);
    Dags.assertCausal(delivered, context);
    for (Item item : absent) {
      assertEquals(false, orderer.isDelivered(item.id()), context);
      assertEquals(false, orderer.isHeld(item.id()), context);
    }
    Dags.shuffle(absent, random);
    delivered.addAll(run(orderer, absent, context + ", the rest"));
    assertEquals(dag.size(), delivered.size(), context + ": everything, exactly once");
    Dags.assertCausal(delivered, context);
    assertEquals(0, orderer.bufferedEntries(), context);
  }

  /** Every id of {@code items} rewritten to start with {@code prefix}, dependencies alike. */
  private static List<Item> withPrefix(List<Item> items, byte[] prefix) {
    java.util.Map<Hash, Hash> renamed = new java.util.HashMap<>();
    for (Item item : items) {
      byte[] bytes = item.id().bytes().toArray();
      System.arraycopy(prefix, 0, bytes, 0, prefix.length);
      renamed.put(item.id(), Hash.fromBytes(bytes));
    }
    List<Item> result = new ArrayList<>();
    for (Item item : items) {
      result.add(
          Item.of(renamed.get(item.id()), item.dependencies().stream().map(renamed::get).toList()));
    }
    return result;
  }

  /**
   * Thousands of items, some that hundreds of others wait for, arriving in random order: the
   * orderer's table resizes many times while most items are held, its dependant lists grow long,
   * and the outcome is the same with a table sized up front ({@code expectedIds}) or not.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("fewSeeds")
  void manyItemsAcrossResizesWithPopularDependencies(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    String context = "seed " + seed;
    List<Item> dag = Dags.randomDag(random, 3_000, 3);
    List<Item> withHubs = new ArrayList<>();
    List<Hash> hubs = new ArrayList<>();
    for (Item item : dag) {
      List<Hash> dependencies = new ArrayList<>(item.dependencies());
      if (!hubs.isEmpty() && random.nextInt(3) == 0) {
        Hash hub = hubs.get(random.nextInt(hubs.size()));
        if (!dependencies.contains(hub)) {
          dependencies.add(hub);
        }
      }
      withHubs.add(Item.of(item.id(), dependencies));
      if (hubs.size() < 5 && random.nextInt(100) == 0) {
        hubs.add(item.id());
      }
    }
    List<Item> arrivals = Dags.arrivals(random, withHubs, 0.05);
    List<Hash> expected = null;
    for (int expectedIds : new int[] {0, withHubs.size()}) {
      CausalOrderer<Item> orderer =
          CausalOrderer.builder(Item.VIEW).expectedIds(expectedIds).build();
      List<Item> delivered = run(orderer, arrivals, context + ", expected ids " + expectedIds);
      assertEquals(withHubs.size(), delivered.size(), context + ": everything, exactly once");
      Dags.assertCausal(delivered, context);
      assertEquals(0, orderer.bufferedEntries(), context);
      List<Hash> order = delivered.stream().map(Item::id).toList();
      if (expected == null) {
        expected = order;
      } else {
        assertEquals(expected, order, context + ": the table's size changes nothing outside it");
      }
    }
  }

  private static Set<Hash> ids(List<Item> items) {
    Set<Hash> ids = new HashSet<>();
    items.forEach(item -> ids.add(item.id()));
    return ids;
  }
}
