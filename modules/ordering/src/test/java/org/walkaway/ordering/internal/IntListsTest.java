package org.walkaway.ordering.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link IntLists} against a model of {@code ArrayList}s, through growth, frees, reuse and clears. */
class IntListsTest {

  static LongStream seeds() {
    return LongStream.range(0, 30).map(i -> 0x1_1575_0000L + i);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void behavesLikeAListOfLists(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    String context = "seed " + seed;
    IntLists lists = new IntLists();
    // model key: a stable name of ours; the value: the list's current reference and its elements
    Map<Integer, Integer> references = new HashMap<>();
    Map<Integer, List<Integer>> model = new HashMap<>();
    int names = 0;
    for (int step = 0; step < 6_000; step++) {
      int action = random.nextInt(100);
      if (action < 5 || model.isEmpty()) {
        int name = names++;
        int value = random.nextInt();
        references.put(name, lists.append(IntLists.NONE, value));
        model.put(name, new ArrayList<>(List.of(value)));
      } else if (action < 85) {
        int name = pick(random, model);
        // Mostly short lists, a few long ones (a popular id many items wait for).
        int appends = random.nextInt(20) == 0 ? 1 + random.nextInt(300) : 1;
        for (int i = 0; i < appends; i++) {
          int value = random.nextInt();
          references.put(name, lists.append(references.get(name), value));
          model.get(name).add(value);
        }
      } else if (action < 97) {
        int name = pick(random, model);
        lists.free(references.remove(name));
        model.remove(name);
      } else if (action < 98) {
        lists.clear();
        references.clear();
        model.clear();
      } else {
        int name = pick(random, model);
        List<Integer> expected = model.get(name);
        int index = random.nextInt(expected.size());
        int value = random.nextInt();
        lists.set(references.get(name), index, value);
        expected.set(index, value);
      }
      if (step % 500 == 0) {
        for (Map.Entry<Integer, List<Integer>> entry : model.entrySet()) {
          assertSame(entry.getValue(), lists, references.get(entry.getKey()), context + ", step " + step);
        }
      }
    }
    for (Map.Entry<Integer, List<Integer>> entry : model.entrySet()) {
      assertSame(entry.getValue(), lists, references.get(entry.getKey()), context + ", at the end");
    }
    assertEquals(0, lists.size(IntLists.NONE), context);
  }

  private static void assertSame(List<Integer> expected, IntLists lists, int reference, String context) {
    assertEquals(expected.size(), lists.size(reference), context);
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i), lists.get(reference, i), context + ", element " + i);
    }
  }

  private static int pick(SplittableRandom random, Map<Integer, List<Integer>> model) {
    List<Integer> names = new ArrayList<>(model.keySet());
    return names.get(random.nextInt(names.size()));
  }
}
