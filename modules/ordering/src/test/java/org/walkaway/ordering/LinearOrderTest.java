package org.walkaway.ordering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.walkaway.core.Hash;

class LinearOrderTest {

  static LongStream seeds() {
    return LongStream.range(0, 100).map(i -> 0x11AE_0000L + i);
  }

  private static Hash id(int firstByte) {
    byte[] bytes = new byte[Hash.LENGTH];
    bytes[0] = (byte) firstByte;
    return Hash.fromBytes(bytes);
  }

  @Test
  void depthFirstThenIds() {
    Item a = Item.of(id(0x10), List.of());
    Item b = Item.of(id(0x05), List.of());
    Item c = Item.of(id(0xF0), List.of(a.id(), b.id()));
    Item d = Item.of(id(0x01), List.of(b.id()));
    Item e = Item.of(id(0x00), List.of(c.id(), d.id()));
    List<LinearOrder.Ranked<Item>> order = LinearOrder.order(List.of(e, d, c, b, a), Item.VIEW);
    assertEquals(List.of(b, a, d, c, e), order.stream().map(LinearOrder.Ranked::item).toList());
    assertEquals(List.of(0L, 0L, 1L, 1L, 2L), order.stream().map(LinearOrder.Ranked::depth).toList());
  }

  @Test
  void dependenciesOutsideTheSetAreIgnored() {
    Item a = Item.of(id(2), List.of(id(9)));
    Item b = Item.of(id(1), List.of(a.id()));
    assertEquals(List.of(a, b), LinearOrder.sort(List.of(b, a), Item.VIEW));
  }

  @Test
  void aCycleOrAnAmbiguousIdIsABug() {
    Item a = Item.of(id(1), List.of(id(2)));
    Item b = Item.of(id(2), List.of(id(1)));
    assertThrows(IllegalArgumentException.class, () -> LinearOrder.sort(List.of(a, b), Item.VIEW));
    Item a2 = Item.of(id(1), List.of());
    assertThrows(IllegalArgumentException.class, () -> LinearOrder.sort(List.of(a, a2), Item.VIEW));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void sameSetSameOrderWhateverTheInputOrder(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Item> dag = Dags.randomDag(random, 1 + random.nextInt(200), 4);
    List<Item> expected = LinearOrder.sort(dag, Item.VIEW);
    Dags.assertCausal(expected, "seed " + seed);
    for (int i = 0; i < 5; i++) {
      List<Item> shuffled = new ArrayList<>(dag);
      Dags.shuffle(shuffled, random);
      assertEquals(expected, LinearOrder.sort(shuffled, Item.VIEW), "seed " + seed);
    }
  }
}
