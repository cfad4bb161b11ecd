package org.walkaway.ordering.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongPredicate;
import org.walkaway.core.Hash;

/**
 * A hash table from 32-byte ids to a {@code long} tag and {@value #WORDS} more {@code long} words
 * of the owner's, made for the orderer's hot path.
 *
 * <p>Why not {@code HashMap<Hash, Object>}: an ordering run over a million ids misses the CPU cache
 * on almost every lookup, and a {@code HashMap} lookup follows five pointers (bucket, entry, the
 * key's {@code Hash}, its {@code Bytes}, its {@code byte[]}) to compare one key, each a likely miss.
 * Here each slot is eight consecutive longs, {@code [tag, id0, id1, id2, id3, word0, word1, word2]}
 * (open addressing, linear probing): one lookup costs about one miss, and the words the orderer
 * keeps for a held or wanted id (its counters and its first dependants) come with it, so that
 * holding and releasing an item touch no other memory. Tag 0 means an empty slot; the orderer gives
 * the other values their meaning.
 *
 * <p>The probe starts at a slot chosen by the id's first eight bytes (ids are BLAKE3 hashes, so
 * those are already uniform; they are still mixed with a random per-table seed so that a peer
 * cannot grind ids that pile up in one probe run), and an entry matches only if all 32 bytes do:
 * two ids that share their first eight bytes are two entries.
 *
 * <p>Use: {@link #find} loads an id and returns its slot, or where it would go; {@link #insert}
 * stores the id last found. A resize moves entries, words included: the {@link Mover} is told the
 * new slot of every entry whose tag it {@linkplain Mover#tracks tracks}, and then, once, where
 * every old slot went, so that it can rewrite slot numbers it keeps in its words. Entries are never
 * removed one by one; {@link #retain} rebuilds the table.
 */
public final class IdTable {
  /** Told when a resize moves an entry, so that whoever remembers its slot can follow. */
  public interface Mover {
    boolean tracks(long tag);

    void moved(long tag, int slot);

    /**
     * Called after a resize or rebuild, once every entry is in place: {@code newSlotOf[old]} is the
     * new slot of the entry that was at slot {@code old}, or -1 if it was empty or dropped.
     */
    void rehashed(int[] newSlotOf);
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  /** Words of the owner's per slot, after the tag and the id. */
  public static final int WORDS = 3;

  private static final int WIDTH = 5 + WORDS;
  /**
   * Unused longs before slot 0, so that every slot sits in one 64-byte cache line instead of
   * straddling two: a {@code long[]}'s elements start 16 bytes into the object, and a large table
   * (the case that matters) is a humongous object, which the collector places at the start of a
   * region, so 16 + 6 * 8 bytes puts slot 0 on a line boundary. Elsewhere it is merely harmless.
   */
  private static final int LEAD = 6;
  private static final int MIN_CAPACITY = 16;
  private static final double MAX_LOAD = 0.75;

  private final Mover mover;
  private final long seed = ThreadLocalRandom.current().nextLong();
  private final byte[] scratch = new byte[Hash.LENGTH];
  private final byte[] touchScratch = new byte[Hash.LENGTH];
  private long k0;
  private long k1;
  private long k2;
  private long k3;

  private long[] slots;
  private int mask;
  private int size;
  private int resizeAt;

  private int generation;

  public IdTable(Mover mover) {
    this(mover, MIN_CAPACITY);
  }

  /** A table that holds {@code expected} ids before it first grows. */
  public IdTable(Mover mover, int expected) {
    this.mover = mover;
    allocate(capacityFor(expected));
  }

  private static int capacityFor(int ids) {
    int capacity = MIN_CAPACITY;
    while (capacity * MAX_LOAD < ids + 1) {
      if (capacity >= 1 << 27) {
        throw new IllegalStateException("an id table cannot hold " + ids + " ids");
      }
      capacity *= 2;
    }
    return capacity;
  }

  private void allocate(int capacity) {
    slots = new long[LEAD + capacity * WIDTH];
    mask = capacity - 1;
    resizeAt = (int) (capacity * MAX_LOAD);
  }

  public int size() {
    return size;
  }

  /** Slots in the table: slot numbers are below this. */
  public int capacity() {
    return mask + 1;
  }

  /** Changes whenever entries move (a resize or a rebuild): slot numbers from before are stale. */
  public int generation() {
    return generation;
  }

  /** Bytes of memory the table holds. */
  public long footprint() {
    return 16L + 8L * slots.length;
  }

  private int home(long first) {
    long h = first ^ seed;
    h = (h ^ (h >>> 33)) * 0xff51afd7ed558ccdL;
    h = (h ^ (h >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return (int) (h ^ (h >>> 33)) & mask;
  }

  /**
   * Loads {@code id} and returns its slot, or {@code -(free slot) - 1} if it is absent; the next
   * {@link #insert} stores it there.
   */
  public int find(Hash id) {
    load(id);
    return probe();
  }

  /**
   * Loads {@code id} for the next {@link #insert} without looking for it: for an id that was found
   * absent at a slot that is still free (nothing was inserted since).
   */
  public void load(Hash id) {
    id.bytes().copyTo(scratch, 0);
    k0 = (long) LONGS.get(scratch, 0);
    k1 = (long) LONGS.get(scratch, 8);
    k2 = (long) LONGS.get(scratch, 16);
    k3 = (long) LONGS.get(scratch, 24);
  }

  private int probe() {
    long[] slots = this.slots;
    int slot = home(k0);
    while (true) {
      int base = LEAD + slot * WIDTH;
      if (slots[base] == 0) {
        return -slot - 1;
      }
      if (slots[base + 1] == k0
          && slots[base + 2] == k1
          && slots[base + 3] == k2
          && slots[base + 4] == k3) {
        return slot;
      }
      slot = (slot + 1) & mask;
    }
  }

  /**
   * Reads the first slot {@code id}'s probe will look at and returns its tag, for nothing but to
   * bring that memory into the cache: an orderer touches an item's id and all its dependencies
   * first, so that their cache misses overlap instead of following one another, and then finds
   * them. Leaves the id last {@linkplain #find found} alone.
   */
  public long touch(Hash id) {
    id.bytes().copyTo(touchScratch, 0);
    return slots[LEAD + home((long) LONGS.get(touchScratch, 0)) * WIDTH];
  }

  /** The tag at an occupied slot. */
  public long tag(int slot) {
    return slots[LEAD + slot * WIDTH];
  }

  /** The id at an occupied slot. */
  public Hash id(int slot) {
    int base = LEAD + slot * WIDTH;
    byte[] bytes = new byte[Hash.LENGTH];
    for (int i = 0; i < 4; i++) {
      LONGS.set(bytes, 8 * i, slots[base + 1 + i]);
    }
    return Hash.fromBytes(bytes);
  }

  /** Word {@code index} (below {@link #WORDS}) of an occupied slot. */
  public long word(int slot, int index) {
    return slots[LEAD + slot * WIDTH + 5 + index];
  }

  public void setWord(int slot, int index, long value) {
    slots[LEAD + slot * WIDTH + 5 + index] = value;
  }

  /** Replaces the tag at an occupied slot (not with 0). */
  public void setTag(int slot, long tag) {
    slots[LEAD + slot * WIDTH] = tag;
  }

  /**
   * Stores the id last {@linkplain #find found absent} at {@code free}, the slot {@code find}
   * returned for it ({@code -result - 1}), with {@code tag} (not 0). Returns its slot, which differs
   * from {@code free} if the table grew. The slot's words are 0.
   */
  public int insert(int free, long tag) {
    int base = LEAD + free * WIDTH;
    slots[base] = tag;
    slots[base + 1] = k0;
    slots[base + 2] = k1;
    slots[base + 3] = k2;
    slots[base + 4] = k3;
    slots[base + 5] = 0;
    slots[base + 6] = 0;
    slots[base + 7] = 0;
    if (++size <= resizeAt) {
      return free;
    }
    rehash(2 * (mask + 1), t -> true);
    return probe();
  }

  /** Keeps only the entries whose tag passes; returns how many were dropped. */
  public int retain(LongPredicate keep) {
    int kept = 0;
    for (int base = LEAD; base < slots.length; base += WIDTH) {
      if (slots[base] != 0 && keep.test(slots[base])) {
        kept++;
      }
    }
    int before = size;
    rehash(capacityFor(kept), keep);
    return before - size;
  }

  private void rehash(int capacity, LongPredicate keep) {
    long[] old = slots;
    long l0 = k0;
    long l1 = k1;
    long l2 = k2;
    long l3 = k3;
    int[] newSlotOf = new int[(old.length - LEAD) / WIDTH];
    allocate(capacity);
    size = 0;
    generation++;
    for (int base = LEAD, oldSlot = 0; base < old.length; base += WIDTH, oldSlot++) {
      long tag = old[base];
      if (tag == 0 || !keep.test(tag)) {
        newSlotOf[oldSlot] = -1;
        continue;
      }
      k0 = old[base + 1];
      k1 = old[base + 2];
      k2 = old[base + 3];
      k3 = old[base + 4];
      int slot = -probe() - 1;
      int target = LEAD + slot * WIDTH;
      slots[target] = tag;
      slots[target + 1] = k0;
      slots[target + 2] = k1;
      slots[target + 3] = k2;
      slots[target + 4] = k3;
      slots[target + 5] = old[base + 5];
      slots[target + 6] = old[base + 6];
      slots[target + 7] = old[base + 7];
      newSlotOf[oldSlot] = slot;
      size++;
      if (mover.tracks(tag)) {
        mover.moved(tag, slot);
      }
    }
    k0 = l0;
    k1 = l1;
    k2 = l2;
    k3 = l3;
    mover.rehashed(newSlotOf);
  }
}
