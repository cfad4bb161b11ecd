package org.walkaway.ordering.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongPredicate;
import org.walkaway.core.Hash;

/**
 * A hash table from 32-byte ids to a {@code long} tag, made for the orderer's hot path.
 *
 * <p>Why not {@code HashMap<Hash, Object>}: an ordering run over a million ids misses the CPU cache
 * on almost every lookup, and a {@code HashMap} lookup follows five pointers (bucket, entry, the
 * key's {@code Hash}, its {@code Bytes}, its {@code byte[]}) to compare one key, each a likely miss.
 * Here each slot is five consecutive longs, {@code [tag, id0, id1, id2, id3]} (open addressing,
 * linear probing), so a lookup costs about one miss. Tag 0 means an empty slot; the orderer gives
 * the other values their meaning.
 *
 * <p>Ids are BLAKE3 hashes, so their first word is already uniform; it is still mixed with a
 * random per-table seed so that a peer cannot grind ids that pile up in one probe run.
 *
 * <p>Use: {@link #find} loads an id and returns its slot, or where it would go; {@link #insert}
 * stores the id last found. A resize moves entries: the {@link Mover} is told the new slot of every
 * entry whose tag it {@linkplain Mover#tracks tracks}. Entries are never removed one by one;
 * {@link #retain} rebuilds the table.
 */
public final class IdTable {
  /** Told when a resize moves an entry, so that whoever remembers its slot can follow. */
  public interface Mover {
    boolean tracks(long tag);

    void moved(long tag, int slot);
  }

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final int WIDTH = 5;
  private static final int MIN_CAPACITY = 16;
  private static final double MAX_LOAD = 0.75;

  private final Mover mover;
  private final long seed = ThreadLocalRandom.current().nextLong();
  private final byte[] scratch = new byte[Hash.LENGTH];
  private long k0;
  private long k1;
  private long k2;
  private long k3;

  private long[] slots;
  private int mask;
  private int size;
  private int resizeAt;

  public IdTable(Mover mover) {
    this.mover = mover;
    allocate(MIN_CAPACITY);
  }

  private void allocate(int capacity) {
    slots = new long[capacity * WIDTH];
    mask = capacity - 1;
    resizeAt = (int) (capacity * MAX_LOAD);
  }

  public int size() {
    return size;
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
    id.bytes().copyTo(scratch, 0);
    k0 = (long) LONGS.get(scratch, 0);
    k1 = (long) LONGS.get(scratch, 8);
    k2 = (long) LONGS.get(scratch, 16);
    k3 = (long) LONGS.get(scratch, 24);
    return probe();
  }

  private int probe() {
    long[] slots = this.slots;
    int slot = home(k0);
    while (true) {
      int base = slot * WIDTH;
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

  /** The tag at an occupied slot. */
  public long tag(int slot) {
    return slots[slot * WIDTH];
  }

  /** Replaces the tag at an occupied slot (not with 0). */
  public void setTag(int slot, long tag) {
    slots[slot * WIDTH] = tag;
  }

  /**
   * Stores the id last {@linkplain #find found absent} at {@code free}, the slot {@code find}
   * returned for it ({@code -result - 1}), with {@code tag} (not 0). Returns its slot, which differs
   * from {@code free} if the table grew.
   */
  public int insert(int free, long tag) {
    int base = free * WIDTH;
    slots[base] = tag;
    slots[base + 1] = k0;
    slots[base + 2] = k1;
    slots[base + 3] = k2;
    slots[base + 4] = k3;
    if (++size <= resizeAt) {
      return free;
    }
    rehash(2 * (mask + 1), t -> true);
    return probe();
  }

  /** Keeps only the entries whose tag passes; returns how many were dropped. */
  public int retain(LongPredicate keep) {
    int kept = 0;
    for (int base = 0; base < slots.length; base += WIDTH) {
      if (slots[base] != 0 && keep.test(slots[base])) {
        kept++;
      }
    }
    int capacity = MIN_CAPACITY;
    while (capacity * MAX_LOAD < kept + 1) {
      capacity *= 2;
    }
    int before = size;
    rehash(capacity, keep);
    return before - size;
  }

  private void rehash(int capacity, LongPredicate keep) {
    long[] old = slots;
    long l0 = k0;
    long l1 = k1;
    long l2 = k2;
    long l3 = k3;
    allocate(capacity);
    size = 0;
    for (int base = 0; base < old.length; base += WIDTH) {
      long tag = old[base];
      if (tag == 0 || !keep.test(tag)) {
        continue;
      }
      k0 = old[base + 1];
      k1 = old[base + 2];
      k2 = old[base + 3];
      k3 = old[base + 4];
      int slot = -probe() - 1;
      int target = slot * WIDTH;
      slots[target] = tag;
      slots[target + 1] = k0;
      slots[target + 2] = k1;
      slots[target + 3] = k2;
      slots[target + 4] = k3;
      size++;
      if (mover.tracks(tag)) {
        mover.moved(tag, slot);
      }
    }
    k0 = l0;
    k1 = l1;
    k2 = l2;
    k3 = l3;
  }
}
