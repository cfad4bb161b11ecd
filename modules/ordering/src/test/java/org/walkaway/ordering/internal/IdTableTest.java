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

              @Override
              public void rehashed(int[] newSlotOf) {}
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

  /** Ids equal in their first eight bytes start their probe at the same slot: all 32 bytes decide. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void idsSharingTheirFirstEightBytesAreTwoEntries(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    String context = "seed " + seed;
    byte[] prefix = new byte[8];
    random.nextBytes(prefix);
    IdTable table = new IdTable(IGNORING_MOVES);
    Map<Hash, Long> model = new HashMap<>();
    List<Hash> absent = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      byte[] bytes = new byte[Hash.LENGTH];
      random.nextBytes(bytes);
      System.arraycopy(prefix, 0, bytes, 0, 8);
      Hash id = Hash.fromBytes(bytes);
      // Its twin differs in the last byte only.
      bytes[Hash.LENGTH - 1] ^= 1;
      Hash twin = Hash.fromBytes(bytes);
      if (model.containsKey(id) || model.containsKey(twin)) {
        continue;
      }
      int free = table.find(id);
      assertEquals(true, free < 0, context);
      table.insert(-free - 1, 2 + i);
      model.put(id, 2L + i);
      absent.add(twin);
    }
    for (Map.Entry<Hash, Long> entry : model.entrySet()) {
      int slot = table.find(entry.getKey());
      assertEquals(true, slot >= 0, context);
      assertEquals(entry.getValue(), table.tag(slot), context);
      assertEquals(entry.getKey(), table.id(slot), context);
    }
    for (Hash twin : absent) {
      assertEquals(true, table.find(twin) < 0, context + ": " + twin + " was never inserted");
    }
  }

  /** A resize moves an entry's words with it, and reports where every old slot went. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void wordsAndSlotNumbersFollowTheirEntries(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    String context = "seed " + seed;
    Map<Hash, Integer> slotOf = new HashMap<>();
    IdTable table =
        new IdTable(
            new IdTable.Mover() {
              @Override
              public boolean tracks(long tag) {
                return false;
              }

              @Override
              public void moved(long tag, int slot) {}

              @Override
              public void rehashed(int[] newSlotOf) {
                slotOf.replaceAll((id, old) -> newSlotOf[old]);
              }
            },
            random.nextInt(3) == 0 ? 500 : 0);
    List<Hash> ids = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      Hash id = randomId(random);
      int free = table.find(id);
      int slot = table.insert(-free - 1, 2 + i);
      slotOf.put(id, slot);
      for (int w = 0; w < IdTable.WORDS; w++) {
        table.setWord(slot, w, wordOf(id, w));
      }
      ids.add(id);
      if (random.nextInt(400) == 0) {
        int generation = table.generation();
        table.retain(tag -> true);
        assertEquals(generation + 1, table.generation(), context);
      }
    }
    for (Hash id : ids) {
      int slot = table.find(id);
      assertEquals(slotOf.get(id), slot, context + ": the slot numbers followed the moves");
      for (int w = 0; w < IdTable.WORDS; w++) {
        assertEquals(wordOf(id, w), table.word(slot, w), context);
      }
    }
  }

  /**
   * Slots start after a few unused longs (so that each sits in one cache line): a small table
   * filled to its bound (over 30 seeds, its first and last slots are taken too) must keep every
   * slot's tag, id and words apart from its neighbours' and inside the array.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aFullSmallTableKeepsEverySlotApart(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    String context = "seed " + seed;
    IdTable table = new IdTable(IGNORING_MOVES, 0);
    int capacity = table.capacity();
    Map<Hash, Integer> slotOf = new HashMap<>();
    List<Hash> ids = new ArrayList<>();
    while (table.capacity() == capacity && table.size() < capacity * 3 / 4) {
      Hash id = randomId(random);
      int free = table.find(id);
      int slot = table.insert(-free - 1, -1L); // all bits set: a neighbour's overwrite shows
      for (int w = 0; w < IdTable.WORDS; w++) {
        table.setWord(slot, w, ~wordOf(id, w));
      }
      slotOf.put(id, slot);
      ids.add(id);
    }
    assertEquals(capacity, table.capacity(), context + ": filled up to the bound, not beyond");
    assertEquals(16L + 8L * (6 + 8L * capacity), table.footprint(), context);
    for (Hash id : ids) {
      int slot = table.find(id);
      assertEquals(slotOf.get(id), slot, context);
      assertEquals(-1L, table.tag(slot), context);
      assertEquals(id, table.id(slot), context);
      for (int w = 0; w < IdTable.WORDS; w++) {
        assertEquals(~wordOf(id, w), table.word(slot, w), context);
      }
    }
  }

  private static long wordOf(Hash id, int word) {
    return id.hashCode() * 31L + word;
  }

  private static Hash randomId(SplittableRandom random) {
    byte[] bytes = new byte[Hash.LENGTH];
    random.nextBytes(bytes);
    return Hash.fromBytes(bytes);
  }

  private static final IdTable.Mover IGNORING_MOVES =
      new IdTable.Mover() {
        @Override
        public boolean tracks(long tag) {
          return false;
        }

        @Override
        public void moved(long tag, int slot) {}

        @Override
        public void rehashed(int[] newSlotOf) {}
      };
}
