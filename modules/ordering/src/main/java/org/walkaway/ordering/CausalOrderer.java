package org.walkaway.ordering;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.walkaway.core.Hash;
import org.walkaway.core.LogId;
import org.walkaway.core.Rejection;
import org.walkaway.core.Rejection.Reason;
import org.walkaway.ordering.internal.IdTable;
import org.walkaway.ordering.internal.IntLists;

/**
 * Causal delivery for one topic, sans-IO: items go in by {@link #offer} in any order and come out
 * through the given consumer in an order where every item follows all of its dependencies, each
 * exactly once.
 *
 * <h2>Design</h2>
 *
 * One hash table knows every id the orderer has heard of, in one of three states. It keeps the
 * ids inline in a {@code long[]} (see {@code IdTable}), and with them the few counters a held or
 * wanted id needs, so that a lookup costs about one cache miss instead of a {@code HashMap}'s
 * five, and finds the node in the same place: the throughput of a large, randomly ordered run is
 * made of cache misses.
 *
 * <pre>
 *   id ──▶ DELIVERED                                 (a tag in the table: nothing else)
 *   id ──▶ node h {unmet, entries, dependants}       held: items[h] waits for `unmet` dependencies
 *   id ──▶ node h {unmet = entries = 0, dependants}  wanted: never seen, but held items wait for it
 *
 *   offer(c), c depends on a (delivered) and b (unseen):
 *     a ──▶ DELIVERED
 *     b ──▶ node{wanted, dependants=[c]}     ◀── listed by missing(), reported once to the listener
 *     c ──▶ node{held, unmet=1}
 *   offer(b), no dependencies: b is delivered, then each dependant's unmet drops by one;
 *     c reaches 0 and is delivered, then c's dependants, and so on (a queue, not recursion).
 * </pre>
 *
 * A node is an int handle, not an object: its counters and first two dependants live in its table
 * slot, its item and arrival order in arrays indexed by the handle, further dependants in an
 * {@code int[]} arena ({@code IntLists}). Dependants are named by their table slot, so a release
 * goes from a node to its dependants' counters in one step; a resize of the table renames them.
 * Nothing is allocated per item on the way through, so a million held items cost the garbage
 * collector nothing, and the loads an offer needs (its id and every dependency) are started
 * together so that their cache misses overlap.
 *
 * <p>Each dependency is looked up once when its dependant arrives and each edge is followed once
 * when it is satisfied, so the work is linear in items plus dependencies, whatever the arrival
 * order; the buffer is never rescanned. Live handles are dense (freed ones are reused), so
 * {@link #missing()} and {@link #held()} cost the size of the buffer, not of the history.
 *
 * <h2>Bounds</h2>
 *
 * The buffer counts entries ({@link OrderingLimits}): one per held item and one per dependency it
 * still waits for. An item that would exceed {@link OrderingLimits#maxBufferedPerTopic()} is refused
 * with {@link Reason#LIMIT_EXCEEDED} and nothing held is evicted: what is held stays held (and, in a
 * {@link DurableOrderer}, durable), and a refused item can be offered again once its dependencies
 * came in. An item whose dependencies are all delivered never takes buffer room. An item that
 * depends on itself, or lists more than {@link OrderingLimits#maxDependencies()} dependencies, is
 * refused outright. Items in a dependency cycle (impossible for hash-linked events, possible for
 * synthetic ones) are never delivered; they sit in the buffer like any item whose dependency never
 * comes, and {@link #discardHeld()} clears them.
 *
 * <h2>History</h2>
 *
 * Delivered ids stay in the table (64 bytes a slot, 85 to 171 bytes an id as the table fills) so
 * that duplicates and late dependants are recognised. An orderer built {@linkplain Builder#history with a history} (for
 * example a store's delivered marks) asks it about ids it does not know, and may then
 * {@link #forgetDelivered()} to bound its memory.
 *
 * <p>Not thread-safe: one thread, like every processor. The consumer must not call back into the
 * orderer; if it throws, the orderer refuses further use (its state may be half-updated).
 *
 * @param <T> the item
 */
public final class CausalOrderer<T> {
  /** Table tags: 0 is an empty slot, 1 a delivered id, 2 + h the held or wanted node with handle h. */
  private static final long DELIVERED = 1;
  private static final long NODE_BASE = 2;
  private static final Predicate<Hash> NO_HISTORY = id -> false;

  /*
   * The words a node keeps in its table slot (see IdTable), so that finding an id also brings its
   * node into the cache:
   *   COUNTERS:   low half unmet (dependencies not yet delivered), high half entries (buffer entries it holds)
   *   DEPENDANTS: the slots of its first two dependants (low, high)
   *   MORE:       low half the number of dependants, high half the IntLists list of the others
   * Dependants are named by slot, not handle, so that a release reaches the dependant's counters in
   * one step; a resize rewrites them (Mover.rehashed).
   */
  private static final int COUNTERS = 0;
  private static final int DEPENDANTS = 1;
  private static final int MORE = 2;
  private static final long LOW = 0xFFFF_FFFFL;
  private static final int TOUCHED_DEPENDENCIES = 8;

  private static final Admission DUPLICATE = new Admission.Duplicate();
  private static final Admission[] DELIVERED_ADMISSIONS = admissions(true);
  private static final Admission[] HELD_ADMISSIONS = admissions(false);

  private final DependencyView<T> view;
  private final LogId topic;
  private final OrderingLimits limits;
  private final Predicate<Hash> history;
  private final MissingListener missingListener;
  private final HoldGate<T> gate;

  private final IdTable known;
  private final IntLists moreDependants = new IntLists();

  /*
   * Held and wanted nodes by handle; freed handles are reused, last freed first (its memory is the
   * likeliest to be in the cache). A handle is live when the slot it remembers carries its tag.
   */
  private Object[] items = new Object[16];
  private long[] orders = new long[16];
  private int[] slots = new int[16];
  private int handleHigh;
  private int[] freeHandles = new int[16];
  private int freeCount;
  private long nextOrder;

  /** A ring of slots whose dependants are to be released: breadth first, no recursion. */
  private int[] releaseQueue = new int[16];
  /** Per dependency of the item being offered: its tag and slot as the first pass found them. */
  private long[] lookups = new long[8];
  private int[] lookupSlots = new int[8];

  /** Where the touched tags go, so that the loads that warm the cache are not optimised away. */
  private long touchSink;

  private int heldCount;
  private int wantedCount;
  private long bufferedEntries;
  private long deliveredCount;
  private boolean failed;

  private CausalOrderer(Builder<T> builder) {
    this.view = builder.view;
    this.topic = builder.topic;
    this.limits = builder.limits;
    this.history = builder.history;
    this.missingListener = builder.missingListener;
    this.gate = builder.gate;
    this.known =
        new IdTable(
            new IdTable.Mover() {
              @Override
              public boolean tracks(long tag) {
                return tag >= NODE_BASE;
              }

              @Override
              public void moved(long tag, int slot) {
                slots[(int) (tag - NODE_BASE)] = slot;
              }

              @Override
              public void rehashed(int[] newSlotOf) {
                renameDependants(newSlotOf);
              }
            },
            builder.expectedIds);
  }

  private static Admission[] admissions(boolean delivered) {
    Admission[] cached = new Admission[16];
    for (int i = 1; i < cached.length; i++) {
      cached[i] = delivered ? new Admission.Delivered(i) : new Admission.Held(i);
    }
    return cached;
  }

  private static Admission delivered(int released) {
    return released < DELIVERED_ADMISSIONS.length
        ? DELIVERED_ADMISSIONS[released]
        : new Admission.Delivered(released);
  }

  private static Admission held(int awaiting) {
    return awaiting < HELD_ADMISSIONS.length ? HELD_ADMISSIONS[awaiting] : new Admission.Held(awaiting);
  }

  /** An orderer with default limits, no history and no listener. */
  public static <T> CausalOrderer<T> of(DependencyView<T> view) {
    return builder(view).build();
  }

  public static <T> Builder<T> builder(DependencyView<T> view) {
    return new Builder<>(view);
  }

  /**
   * Offers one item. If its dependencies were all delivered, it is passed to {@code deliver} now,
   * followed by every held item that it unblocks (each after its own dependencies); otherwise it is
   * held, or refused when the buffer has no room.
   */
  public Admission offer(T item, Consumer<? super T> deliver) {
    return admit(item, deliver, false);
  }

  /** As {@link #offer}, but ignores the buffer bounds: for items that were held before a restart. */
  Admission restore(T item, Consumer<? super T> deliver) {
    return admit(item, deliver, true);
  }

  private Admission admit(T item, Consumer<? super T> deliver, boolean restoring) {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(deliver, "deliver");
    if (failed) {
      throw new IllegalStateException(
          "this orderer failed earlier (a consumer or store threw) and must not be used again");
    }
    try {
      return admitChecked(item, deliver, restoring);
    } catch (RuntimeException | Error e) {
      failed = true;
      throw e;
    }
  }

  private Admission admitChecked(T item, Consumer<? super T> deliver, boolean restoring) {
    Hash id = Objects.requireNonNull(view.id(item), "id");
    List<Hash> dependencies = Objects.requireNonNull(view.dependencies(item), "dependencies");
    int count = dependencies.size();
    // Bring the table memory of the id and its dependencies into the cache at once: in a large,
    // randomly ordered run each is a cache miss, and these loads do not wait for one another.
    long touched = known.touch(id);
    for (int i = 0, n = Math.min(count, TOUCHED_DEPENDENCIES); i < n; i++) {
      touched += known.touch(dependencies.get(i));
    }
    touchSink = touched;
    int slot = known.find(id);
    long tag = slot >= 0 ? known.tag(slot) : 0;
    if (tag == DELIVERED) {
      return DUPLICATE;
    }
    int wanted = -1; // the handle of this id's wanted node, if held items wait for it
    if (tag >= NODE_BASE) {
      if (known.word(slot, COUNTERS) != 0) {
        return DUPLICATE; // held: a held node counts its entries, a wanted one has none
      }
      wanted = (int) (tag - NODE_BASE);
    } else if (history.test(id)) {
      known.insert(-slot - 1, DELIVERED);
      return DUPLICATE;
    }

    if (count > limits.maxDependencies()) {
      return refused(
          Reason.LIMIT_EXCEEDED,
          "item " + id + " lists " + count + " dependencies; at most " + limits.maxDependencies()
              + " are accepted");
    }
    // First pass: look every dependency up once, and decide, before anything changes.
    long[] found = lookups(count);
    int[] foundSlots = lookupSlots;
    int generation = known.generation();
    int sizeBefore = known.size();
    int unmet = 0;
    for (int i = 0; i < count; i++) {
      Hash dependency = dependencies.get(i);
      if (dependency.equals(id)) {
        return refused(Reason.REFUSED, "item " + id + " depends on itself, so it can never be delivered");
      }
      int at = known.find(dependency);
      long state = at >= 0 ? known.tag(at) : 0;
      if (state == 0 && history.test(dependency)) {
        known.insert(-at - 1, DELIVERED);
        state = DELIVERED;
      }
      found[i] = state;
      foundSlots[i] = at;
      if (state != DELIVERED) {
        unmet++;
      }
    }

    if (unmet == 0) {
      int released = 1;
      if (wanted >= 0) {
        int at = slots[wanted];
        wantedCount--;
        known.setTag(at, DELIVERED);
        freeHandle(wanted);
        deliveredCount++;
        deliver.accept(item);
        if ((int) known.word(at, MORE) > 0) {
          released += releaseDependants(at, deliver);
        }
      } else {
        known.insert(freeSlotOfId(id, slot, sizeBefore), DELIVERED);
        deliveredCount++;
        deliver.accept(item);
      }
      if (heldCount == 0 && wantedCount == 0 && handleHigh > 0) {
        resetHandles(); // the buffer drained: start the handles and lists afresh
      }
      return delivered(released);
    }

    int entries = 1 + unmet;
    if (!restoring) {
      Rejection refusal;
      if (bufferedEntries + entries > limits.maxBufferedPerTopic()) {
        refusal =
            Rejection.of(
                Reason.LIMIT_EXCEEDED,
                "the ordering buffer of topic " + topic + " is full (" + bufferedEntries + " of "
                    + limits.maxBufferedPerTopic() + " entries); item " + id + " waits for " + unmet
                    + " dependencies and needs " + entries
                    + " entries; offer it again after its dependencies");
      } else {
        refusal = gate.beforeHold(topic, id, item, entries);
      }
      if (refusal != null) {
        return new Admission.Refused(refusal);
      }
    }

    int node;
    if (wanted >= 0) {
      wantedCount--;
      node = wanted;
    } else {
      node = allocateHandle();
      slots[node] = known.insert(freeSlotOfId(id, slot, sizeBefore), NODE_BASE + node);
    }
    items[node] = item;
    orders[node] = nextOrder++;
    known.setWord(slots[node], COUNTERS, ((long) entries << 32) | unmet);
    heldCount++;
    bufferedEntries += entries;

    // Second pass: register the item with every dependency it waits for. Handles found in the
    // first pass are still valid (nothing was freed since), and so are their slots unless the
    // table was resized since (inserting this item or a wanted id may do that): then the handles
    // say where the nodes went.
    int nodeSlot = slots[node];
    for (int i = 0; i < count; i++) {
      long state = found[i];
      if (state == DELIVERED) {
        continue;
      }
      int dependencySlot;
      if (state == 0) {
        Hash dependencyId = dependencies.get(i);
        int at = known.find(dependencyId);
        if (at >= 0) {
          dependencySlot = at; // the same id listed twice
        } else {
          int dependency = allocateHandle();
          orders[dependency] = nextOrder++;
          dependencySlot = known.insert(-at - 1, NODE_BASE + dependency);
          slots[dependency] = dependencySlot;
          wantedCount++;
          missingListener.missing(topic, dependencyId);
        }
      } else if (known.generation() == generation) {
        dependencySlot = foundSlots[i];
      } else {
        dependencySlot = slots[(int) (state - NODE_BASE)];
      }
      if (known.generation() != generation) {
        nodeSlot = slots[node]; // resized (now or earlier): the slot from before may be stale
      }
      addDependant(dependencySlot, nodeSlot);
    }
    return held(unmet);
  }

  /**
   * Where the offered id, found absent at {@code -slot - 1} before its dependencies were looked up,
   * goes now: the same free slot unless looking them up inserted ids (from the history), which may
   * have taken it or resized the table. Then it is found again (and loaded for the insert).
   */
  private int freeSlotOfId(Hash id, int slot, int sizeBefore) {
    if (known.size() == sizeBefore) {
      known.load(id);
      return -slot - 1;
    }
    return -known.find(id) - 1;
  }

  private void addDependant(int slot, int dependantSlot) {
    long more = known.word(slot, MORE);
    int count = (int) more;
    int list = (int) (more >>> 32);
    if (count < 2) {
      long inline = known.word(slot, DEPENDANTS);
      inline =
          count == 0
              ? (inline & ~LOW) | (dependantSlot & LOW)
              : (inline & LOW) | ((long) dependantSlot << 32);
      known.setWord(slot, DEPENDANTS, inline);
    } else {
      list = moreDependants.append(list, dependantSlot);
    }
    known.setWord(slot, MORE, ((long) list << 32) | (count + 1));
  }

  /** Delivers, breadth first, every held item that the delivery of the id at {@code first} unblocks. */
  @SuppressWarnings("unchecked")
  private int releaseDependants(int first, Consumer<? super T> deliver) {
    int released = 0;
    int[] queue = releaseQueue;
    int head = 0;
    int tail = 0;
    queue[tail++ & (queue.length - 1)] = first;
    while (head != tail) {
      int current = queue[head++ & (queue.length - 1)];
      long inline = known.word(current, DEPENDANTS);
      long more = known.word(current, MORE);
      int count = (int) more;
      int list = (int) (more >>> 32);
      if (count > 1) {
        // As in admitChecked: start the cache misses on both dependants together, their slots
        // and, where they are released now, their items.
        int a = (int) inline;
        int b = (int) (inline >>> 32);
        long countersA = known.word(a, COUNTERS);
        long countersB = known.word(b, COUNTERS);
        long warm = countersA + countersB;
        if ((int) countersA == 1) {
          warm += items[(int) (known.tag(a) - NODE_BASE)] == null ? 1 : 0;
        }
        if ((int) countersB == 1) {
          warm += items[(int) (known.tag(b) - NODE_BASE)] == null ? 1 : 0;
        }
        touchSink += warm;
      }
      for (int i = 0; i < count; i++) {
        int dependant =
            i == 0 ? (int) inline : i == 1 ? (int) (inline >>> 32) : moreDependants.get(list, i - 2);
        long counters = known.word(dependant, COUNTERS);
        if ((int) counters > 1) {
          known.setWord(dependant, COUNTERS, counters - 1);
          continue;
        }
        int handle = (int) (known.tag(dependant) - NODE_BASE);
        T item = (T) items[handle];
        items[handle] = null;
        heldCount--;
        bufferedEntries -= counters >>> 32;
        known.setTag(dependant, DELIVERED);
        freeHandle(handle);
        deliveredCount++;
        deliver.accept(item);
        released++;
        int waiting = (int) known.word(dependant, MORE);
        if (waiting > 0) {
          // Its dependants are released later, when the queue reaches it: start their cache
          // misses now, so that they overlap with the work on the entries queued before it (in a
          // long cascade, most of a random arrival's releases, they would otherwise come one by
          // one). Its slot is in the cache already.
          long next = known.word(dependant, DEPENDANTS);
          long warm = known.tag((int) next);
          if (waiting > 1) {
            warm += known.tag((int) (next >>> 32));
          }
          touchSink += warm;
          if (tail - head == queue.length) {
            queue = growQueue(queue, head, tail);
            tail -= head;
            head = 0;
          }
          queue[tail++ & (queue.length - 1)] = dependant;
        }
      }
      moreDependants.free(list);
      known.setWord(current, MORE, 0);
    }
    return released;
  }

  private int[] growQueue(int[] queue, int head, int tail) {
    int[] grown = new int[queue.length * 2];
    for (int i = head; i != tail; i++) {
      grown[i - head] = queue[i & (queue.length - 1)];
    }
    releaseQueue = grown;
    return grown;
  }

  /**
   * After a resize: rewrites the dependant slots that live nodes keep. Walks the live handles (the
   * mover already told them their new slots), not the table: the buffer may be a small part of a
   * large history, and in a run without reordering it is empty.
   */
  private void renameDependants(int[] newSlotOf) {
    if (heldCount == 0 && wantedCount == 0) {
      return;
    }
    for (int handle = 0; handle < handleHigh; handle++) {
      if (!isLive(handle)) {
        continue;
      }
      int slot = slots[handle];
      long more = known.word(slot, MORE);
      int count = (int) more;
      if (count == 0) {
        continue;
      }
      long inline = known.word(slot, DEPENDANTS);
      int first = newSlotOf[(int) inline];
      int second = count > 1 ? newSlotOf[(int) (inline >>> 32)] : 0;
      known.setWord(slot, DEPENDANTS, ((long) second << 32) | (first & LOW));
      int list = (int) (more >>> 32);
      for (int i = 0; i < count - 2; i++) {
        moreDependants.set(list, i, newSlotOf[moreDependants.get(list, i)]);
      }
    }
  }

  private int allocateHandle() {
    if (freeCount > 0) {
      return freeHandles[--freeCount];
    }
    if (handleHigh == items.length) {
      int length = items.length * 2;
      items = Arrays.copyOf(items, length);
      orders = Arrays.copyOf(orders, length);
      slots = Arrays.copyOf(slots, length);
    }
    return handleHigh++;
  }

  /** Gives a delivered node's handle back (its item reference was cleared already). */
  private void freeHandle(int handle) {
    if (freeCount == freeHandles.length) {
      freeHandles = Arrays.copyOf(freeHandles, freeHandles.length * 2);
    }
    freeHandles[freeCount++] = handle;
  }

  private boolean isLive(int handle) {
    int slot = slots[handle];
    return slot < known.capacity() && known.tag(slot) == NODE_BASE + handle;
  }

  private void resetHandles() {
    handleHigh = 0;
    freeCount = 0;
    moreDependants.clear();
    if (items.length > 1 << 12) {
      items = new Object[16];
      orders = new long[16];
      slots = new int[16];
      freeHandles = new int[16];
      releaseQueue = new int[16];
    }
  }

  private Admission refused(Reason reason, String message) {
    return new Admission.Refused(Rejection.of(reason, message));
  }

  private long[] lookups(int count) {
    if (lookups.length < count) {
      lookups = new long[Math.max(count, lookups.length * 2)];
      lookupSlots = new int[lookups.length];
    }
    return lookups;
  }

  /** Live handles, held ({@code held == true}) or wanted, in the order they took that state. */
  private List<Integer> live(boolean held) {
    List<Integer> handles = new ArrayList<>(held ? heldCount : wantedCount);
    for (int handle = 0; handle < handleHigh; handle++) {
      if (isLive(handle) && (items[handle] != null) == held) {
        handles.add(handle);
      }
    }
    handles.sort((a, b) -> Long.compare(orders[a], orders[b]));
    return handles;
  }

  /** The topic this orderer serves (a label for messages and listeners). */
  public LogId topic() {
    return topic;
  }

  /** True if {@code id} was delivered (by this orderer, or before it according to its history). */
  public boolean isDelivered(Hash id) {
    int slot = known.find(id);
    return slot >= 0 ? known.tag(slot) == DELIVERED : history.test(id);
  }

  /** True if an item with this id is held. */
  public boolean isHeld(Hash id) {
    int slot = known.find(id);
    long tag = slot >= 0 ? known.tag(slot) : 0;
    return tag >= NODE_BASE && known.word(slot, COUNTERS) != 0;
  }

  /**
   * Ids that held items wait for and that were never offered, in the order they were first wanted:
   * what sync should ask peers for. Ids of held items (waiting themselves) are not listed.
   */
  public List<Hash> missing() {
    return live(false).stream().map(handle -> known.id(slots[handle])).toList();
  }

  /** Held items, in the order they were held. */
  @SuppressWarnings("unchecked")
  public List<T> held() {
    List<T> held = new ArrayList<>(heldCount);
    for (int handle : live(true)) {
      held.add((T) items[handle]);
    }
    return held;
  }

  public int heldCount() {
    return heldCount;
  }

  public int missingCount() {
    return wantedCount;
  }

  /** Buffer entries in use: one per held item plus one per dependency it waited for when held. */
  public long bufferedEntries() {
    return bufferedEntries;
  }

  /** Items this orderer delivered (history not included). */
  public long deliveredCount() {
    return deliveredCount;
  }

  /**
   * Drops every held item and every wanted id, keeping what was delivered: the administrative way
   * out of a flood of items whose dependencies never come. Returns the dropped items, oldest first.
   */
  public List<T> discardHeld() {
    List<T> dropped = held();
    known.retain(tag -> tag == DELIVERED);
    Arrays.fill(items, 0, handleHigh, null);
    resetHandles();
    heldCount = 0;
    wantedCount = 0;
    bufferedEntries = 0;
    return dropped;
  }

  /**
   * Forgets the delivered ids it keeps in memory, relying on the history to recognise them later.
   * Returns how many were forgotten.
   *
   * @throws IllegalStateException if this orderer has no history: it would deliver them again
   */
  public int forgetDelivered() {
    if (history == NO_HISTORY) {
      throw new IllegalStateException(
          "an orderer without a history cannot forget what it delivered: duplicates would be delivered again");
    }
    return known.retain(tag -> tag != DELIVERED);
  }

  @Override
  public String toString() {
    return "CausalOrderer[topic=" + topic + ", held=" + heldCount + ", missing=" + wantedCount
        + ", entries=" + bufferedEntries + ", delivered=" + deliveredCount + "]";
  }

  /**
   * Called just before an item is held, after the topic's own bound was checked: a
   * {@link DurableOrderer} checks the global bound and writes the item ahead here. Returns a
   * rejection to refuse the item, or null to hold it.
   */
  @FunctionalInterface
  interface HoldGate<T> {
    HoldGate<Object> OPEN = (topic, id, item, entries) -> null;

    Rejection beforeHold(LogId topic, Hash id, T item, int entries);
  }

  /** Builds a {@link CausalOrderer}. */
  public static final class Builder<T> {
    private final DependencyView<T> view;
    private LogId topic = LogId.DEFAULT;
    private OrderingLimits limits = OrderingLimits.DEFAULT;
    private Predicate<Hash> history = NO_HISTORY;
    private MissingListener missingListener = MissingListener.NONE;
    @SuppressWarnings("unchecked")
    private HoldGate<T> gate = (HoldGate<T>) (HoldGate<?>) HoldGate.OPEN;
    private int expectedIds;

    private Builder(DependencyView<T> view) {
      this.view = Objects.requireNonNull(view, "view");
    }

    /** The topic, for messages and the missing listener; {@link LogId#DEFAULT} if not set. */
    public Builder<T> topic(LogId topic) {
      this.topic = Objects.requireNonNull(topic, "topic");
      return this;
    }

    /** Only {@link OrderingLimits#maxBufferedPerTopic()} and {@code maxDependencies} apply here. */
    public Builder<T> limits(OrderingLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /**
     * What was delivered before this orderer existed (for example, a store's delivered marks):
     * asked about every id the orderer does not know. It must be true for every id this orderer's
     * predecessors delivered and stay true.
     */
    public Builder<T> history(Predicate<Hash> deliveredBefore) {
      this.history = Objects.requireNonNull(deliveredBefore, "deliveredBefore");
      return this;
    }

    public Builder<T> missingListener(MissingListener listener) {
      this.missingListener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * How many distinct ids (items and the dependencies they name) the orderer will likely see:
     * its table is sized for them up front instead of growing step by step. Only a hint; 0, the
     * default, starts small.
     */
    public Builder<T> expectedIds(int expected) {
      if (expected < 0) {
        throw new IllegalArgumentException("expected ids must not be negative, got " + expected);
      }
      this.expectedIds = expected;
      return this;
    }

    Builder<T> gate(HoldGate<T> gate) {
      this.gate = Objects.requireNonNull(gate, "gate");
      return this;
    }

    public CausalOrderer<T> build() {
      return new CausalOrderer<>(this);
    }
  }
}
