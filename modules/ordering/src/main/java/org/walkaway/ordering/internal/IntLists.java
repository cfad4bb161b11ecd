package org.walkaway.ordering.internal;

import java.util.Arrays;

/**
 * Growable lists of {@code int}s kept in one {@code int[]} arena, so that the orderer can give an
 * id any number of dependants without an object per list: an object per held item is what made
 * the garbage collector's share of a large, randomly ordered run.
 *
 * <p>A list is a region {@code [size, sizeClass, element...]} with room for {@code 4 << sizeClass}
 * elements, named by a reference ({@code region start + 1}, so that 0 can mean "no list"). A full
 * list moves to a region twice its size; freed regions go to a free list per size class and are
 * reused. Appending is amortised constant time, and elements keep their insertion order.
 */
public final class IntLists {
  /** The empty list: no region. */
  public static final int NONE = 0;

  private static final int HEADER = 2;
  private static final int CLASSES = 28;

  private int[] arena = new int[64];
  private int top;
  /** Per size class, the reference of the first free region, or NONE; a free region's first element links to the next. */
  private final int[] freeRegions = new int[CLASSES];

  /** Appends {@code value} to {@code list} ({@link #NONE} for a new list); returns the list's reference, which may have changed. */
  public int append(int list, int value) {
    if (list == NONE) {
      list = allocate(0);
    } else {
      int start = list - 1;
      int size = arena[start];
      int sizeClass = arena[start + 1];
      if (size == capacity(sizeClass)) {
        int grown = allocate(sizeClass + 1);
        // allocate may have replaced the arena; read it again.
        System.arraycopy(arena, start + HEADER, arena, grown - 1 + HEADER, size);
        arena[grown - 1] = size;
        free(list);
        list = grown;
      }
    }
    int start = list - 1;
    arena[start + HEADER + arena[start]++] = value;
    return list;
  }

  /** The number of elements of {@code list} (0 for {@link #NONE}). */
  public int size(int list) {
    return list == NONE ? 0 : arena[list - 1];
  }

  /** The element at {@code index} of {@code list}. */
  public int get(int list, int index) {
    return arena[list - 1 + HEADER + index];
  }

  /** Replaces the element at {@code index} of {@code list}. */
  public void set(int list, int index, int value) {
    arena[list - 1 + HEADER + index] = value;
  }

  /** Gives {@code list}'s region back; the reference must not be used again. */
  public void free(int list) {
    if (list == NONE) {
      return;
    }
    int start = list - 1;
    int sizeClass = arena[start + 1];
    arena[start] = 0;
    arena[start + HEADER] = freeRegions[sizeClass];
    freeRegions[sizeClass] = list;
  }

  /** Forgets every list; if the arena grew large, lets go of it. */
  public void clear() {
    top = 0;
    Arrays.fill(freeRegions, NONE);
    if (arena.length > 1 << 16) {
      arena = new int[64];
    }
  }

  /** Bytes of memory the arena holds. */
  public long footprint() {
    return 16L + 4L * arena.length;
  }

  private static int capacity(int sizeClass) {
    return 4 << sizeClass;
  }

  private int allocate(int sizeClass) {
    if (sizeClass >= CLASSES) {
      throw new IllegalStateException("a dependant list cannot grow beyond " + capacity(CLASSES - 1));
    }
    int reused = freeRegions[sizeClass];
    if (reused != NONE) {
      freeRegions[sizeClass] = arena[reused - 1 + HEADER];
      arena[reused - 1] = 0;
      return reused;
    }
    int length = HEADER + capacity(sizeClass);
    if (top + length > arena.length) {
      long wanted = Math.max((long) arena.length * 2, (long) top + length);
      if (wanted > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("the dependant lists outgrew an int[] arena");
      }
      arena = Arrays.copyOf(arena, (int) wanted);
    }
    int start = top;
    top += length;
    arena[start] = 0;
    arena[start + 1] = sizeClass;
    return start + 1;
  }
}
