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
import org.walkaway.core.Hash;

/** {@link IdTable} against a {@code HashMap} model, through growth and rebuilds. */
class IdTableTest {

  static LongStream seeds() {
    return LongStream.range(0, 30).map(i -> 0x1D7A_0000L + i);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void behavesLikeAMap(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    String context = "seed " + seed;
    Map<Hash, Long> model = new HashMap<>();
    Map<Long, Integer> slotsOfTracked = new HashMap<>();
    IdTable table =
        new IdTable(
            new IdTable.Mover() {
              @Override
              public boolean tracks(long tag) {
                return tag % 2 == 0;
              }

              @Override
              public void moved(long tag, int slot) {
                slotsOfTracked.put(tag, slot);
              }
            });
    List<Hash> ids = new ArrayList<>();
    for (int step = 0; step < 3_000; step++) {
      int action = random.nextInt(10);
      if (action < 5 || ids.isEmpty()) {
        byte[] bytes = new byte[Hash.LENGTH];
        random.nextBytes(bytes);
        if (random.nextInt(4) == 0 && !ids.isEmpty()) {
          // Same first word as an existing id: the other words must tell them apart.
          byte[] existing = ids.get(random.nextInt(ids.size())).bytes().toArray();
          System.arraycopy(existing, 0, bytes, 0, 8);
        }
        Hash id = Hash.fromBytes(bytes);
        long tag = 2 + step;
        int free = table.find(id);
        assertEquals(true, free < 0, context);
        int slot = table.insert(-free - 1, tag);
        if (tag % 2 == 0) {
          slotsOfTracked.put(tag, slot);
        }
        model.put(id, tag);
        ids.add(id);
      } else if (action < 8) {
        Hash id = ids.get(random.nextInt(ids.size()));
        int slot = table.find(id);
        assertEquals(model.containsKey(id), slot >= 0, context);
        if (slot >= 0) {
          assertEquals(model.get(id), table.tag(slot), context);
          long tag = model.get(id);
          if (tag % 2 == 0) {
            assertEquals(slotsOfTracked.get(tag), slot, context + ": tracked slot followed the moves");
          }
        }
      } else if (action < 9) {
        Hash id = ids.get(random.nextInt(ids.size()));
        int slot = table.find(id);
        if (slot >= 0) {
          long tag = model.get(id) | 1; // odd: no longer tracked
          table.setTag(slot, tag);
          model.put(id, tag);
        }
      } else {
        int dropped = table.retain(tag -> tag % 3 != 0);
        int before = model.size();
        model.values().removeIf(tag -> tag % 3 == 0);
        assertEquals(before - model.size(), dropped, context);
      }
      assertEquals(model.size(), table.size(), context);
    }
  }
}
