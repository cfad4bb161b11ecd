package org.walkaway.ordering;

import java.util.ArrayDeque;
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

/**
 * Causal delivery for one topic, sans-IO: items go in by {@link #offer} in any order and come out
 * through the given consumer in an order where every item follows all of its dependencies, each
 * exactly once.
 *
 * <h2>Design</h2>
 *
 * One hash table knows every id the orderer has heard of, in one of three states. It keeps the
 * ids inline in a {@code long[]} (see {@code IdTable}), so a lookup costs about one cache miss
 * instead of a {@code HashMap}'s five, which is what the throughput of a large, randomly ordered
 * run is made of:
 *
 * <pre>
 *   id ──▶ DELIVERED                      (a tag in the table: no object per delivered id)
 *   id ──▶ Node{item, unmet, dependants}  held: the item waits for `unmet` dependencies
 *   id ──▶ Node{item = null, dependants}  wanted: never seen, but held items wait for it
 *
 *   offer(c), c depends on a (delivered) and b (unseen):
 *     a ──▶ DELIVERED
 *     b ──▶ Node{wanted, dependants=[c]}     ◀── listed by missing(), reported once to the listener
 *     c ──▶ Node{held, unmet=1}
 *   offer(b), no dependencies: b is delivered, then each dependant's unmet drops by one;
 *     c reaches 0 and is delivered, then c's dependants, and so on (a queue, not recursion).
 * </pre>
 *
 * Each dependency is looked up once when its dependant arrives and each edge is followed once when
 * it is satisfied, so the work is linear in items plus dependencies, whatever the arrival order;
 * the buffer is never rescanned. Live nodes (held or wanted) sit in a pool, so {@link #missing()}
 * and {@link #held()} cost the size of the buffer, not of the history.
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
 * Delivered ids stay in the table (40 bytes a slot, 53 to 107 bytes an id as the table fills) so
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
  /** Table tags: 0 is an empty slot, 1 a delivered id, 2 + i the node at pool index i. */
  private static final long DELIVERED = 1;
  private static final long NODE_BASE = 2;
  private static final Predicate<Hash> NO_HISTORY = id -> false;

  private final DependencyView<T> view;
  private final LogId topic;
  private final OrderingLimits limits;
  private final Predicate<Hash> history;
  private final MissingListener missingListener;
  private final HoldGate<T> gate;

  private final IdTable known;
  /** Held and wanted nodes by index; freed indexes are reused. */
  private Node<T>[] pool = newPool(16);
  private int poolHigh;
  private int[] freeIndexes = new int[16];
  private int freeCount;
  private long nextOrder;

  private final ArrayDeque<Node<T>> releaseQueue = new ArrayDeque<>();
  private long[] lookups = new long[8];

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
                pool[(int) (tag - NODE_BASE)].slot = slot;
              }
            });
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
    int slot = known.find(id);
    long tag = slot >= 0 ? known.tag(slot) : 0;
    if (tag == DELIVERED) {
      return new Admission.Duplicate();
    }
    Node<T> wanted = null;
    if (tag >= NODE_BASE) {
      Node<T> node = pool[(int) (tag - NODE_BASE)];
      if (node.item != null) {
        return new Admission.Duplicate();
      }
      wanted = node;
    } else if (history.test(id)) {
      known.insert(-slot - 1, DELIVERED);
      return new Admission.Duplicate();
    }

    List<Hash> dependencies = Objects.requireNonNull(view.dependencies(item), "dependencies");
    int count = dependencies.size();
    if (count > limits.maxDependencies()) {
      return refused(
          Reason.LIMIT_EXCEEDED,
          "item " + id + " lists " + count + " dependencies; at most " + limits.maxDependencies()
              + " are accepted");
    }
    // First pass: look every dependency up once, and decide, before anything changes.
    long[] found = lookups(count);
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
      if (state != DELIVERED) {
        unmet++;
      }
    }

    if (unmet == 0) {
      if (wanted != null) {
        wantedCount--;
        known.setTag(wanted.slot, DELIVERED);
        free(wanted);
      } else {
        known.insert(-known.find(id) - 1, DELIVERED);
      }
      deliveredCount++;
      deliver.accept(item);
      int released = 1;
      if (wanted != null && wanted.dependantCount > 0) {
        released += releaseDependants(wanted, deliver);
      }
      if (heldCount == 0 && wantedCount == 0 && poolHigh > 0) {
        resetPool(); // the buffer drained: let go of the dead nodes the pool still points at
      }
      return new Admission.Delivered(released);
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

    Node<T> node;
    if (wanted != null) {
      wantedCount--;
      node = wanted;
    } else {
      node = allocate(id);
      node.slot = known.insert(-known.find(id) - 1, NODE_BASE + node.index);
    }
    node.item = item;
    node.unmet = unmet;
    node.entries = entries;
    node.order = nextOrder++;
    heldCount++;
    bufferedEntries += entries;

    // Second pass: register the item with every dependency it waits for. Pool indexes found in
    // the first pass are still valid: nothing was freed since.
    for (int i = 0; i < count; i++) {
      long state = found[i];
      if (state == DELIVERED) {
        continue;
      }
      Node<T> dependency;
      if (state == 0) {
        Hash dependencyId = dependencies.get(i);
        int at = known.find(dependencyId);
        if (at >= 0) {
          dependency = pool[(int) (known.tag(at) - NODE_BASE)]; // the same id listed twice
        } else {
          dependency = allocate(dependencyId);
          dependency.order = nextOrder++;
          dependency.slot = known.insert(-at - 1, NODE_BASE + dependency.index);
          wantedCount++;
          missingListener.missing(topic, dependencyId);
        }
      } else {
        dependency = pool[(int) (state - NODE_BASE)];
      }
      dependency.addDependant(node);
    }
    return new Admission.Held(unmet);
  }

  /** Delivers, breadth first, every held item that {@code first}'s delivery unblocks. */
  private int releaseDependants(Node<T> first, Consumer<? super T> deliver) {
    int released = 0;
    ArrayDeque<Node<T>> queue = releaseQueue;
    queue.clear();
    queue.addLast(first);
    Node<T> current;
    while ((current = queue.pollFirst()) != null) {
      int count = current.dependantCount;
      for (int i = 0; i < count; i++) {
        Node<T> dependant = current.dependant(i);
        if (--dependant.unmet == 0) {
          T item = dependant.item;
          dependant.item = null;
          heldCount--;
          bufferedEntries -= dependant.entries;
          known.setTag(dependant.slot, DELIVERED);
          free(dependant);
          deliveredCount++;
          deliver.accept(item);
          released++;
          if (dependant.dependantCount > 0) {
            queue.addLast(dependant);
          }
        }
      }
      current.clearDependants();
    }
    return released;
  }

  private Node<T> allocate(Hash id) {
    int index;
    if (freeCount > 0) {
      index = freeIndexes[--freeCount];
    } else {
      if (poolHigh == pool.length) {
        pool = Arrays.copyOf(pool, pool.length * 2);
      }
      index = poolHigh++;
    }
    Node<T> node = new Node<>(id, index);
    pool[index] = node;
    return node;
  }

  /**
   * Gives a delivered node's index back. The pool keeps pointing at the dead node until the index is
   * reused or the buffer drains ({@link #resetPool}): writing null there would cost a cache miss per
   * delivery. So dead nodes cost at most the buffer's peak, and nothing once it is empty.
   */
  private void free(Node<T> node) {
    node.live = false;
    if (freeCount == freeIndexes.length) {
      freeIndexes = Arrays.copyOf(freeIndexes, freeIndexes.length * 2);
    }
    freeIndexes[freeCount++] = node.index;
  }

  private void resetPool() {
    pool = newPool(16);
    poolHigh = 0;
    freeCount = 0;
    if (freeIndexes.length > 16) {
      freeIndexes = new int[16];
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> Node<T>[] newPool(int size) {
    return (Node<T>[]) new Node<?>[size];
  }

  private Admission refused(Reason reason, String message) {
    return new Admission.Refused(Rejection.of(reason, message));
  }

  private long[] lookups(int count) {
    if (lookups.length < count) {
      lookups = new long[Math.max(count, lookups.length * 2)];
    }
    return lookups;
  }

  /** Live nodes, held ({@code held == true}) or wanted, in the order they took that state. */
  private List<Node<T>> live(boolean held) {
    List<Node<T>> nodes = new ArrayList<>(held ? heldCount : wantedCount);
    for (int i = 0; i < poolHigh; i++) {
      Node<T> node = pool[i];
      if (node != null && node.live && (node.item != null) == held) {
        nodes.add(node);
      }
    }
    nodes.sort((a, b) -> Long.compare(a.order, b.order));
    return nodes;
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
    return tag >= NODE_BASE && pool[(int) (tag - NODE_BASE)].item != null;
  }

  /**
   * Ids that held items wait for and that were never offered, in the order they were first wanted:
   * what sync should ask peers for. Ids of held items (waiting themselves) are not listed.
   */
  public List<Hash> missing() {
    return live(false).stream().map(node -> node.id).toList();
  }

  /** Held items, in the order they were held. */
  public List<T> held() {
    List<T> items = new ArrayList<>(heldCount);
    for (Node<T> node : live(true)) {
      items.add(node.item);
    }
    return items;
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
    resetPool();
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

  /** A held or wanted id. */
  private static final class Node<T> {
    final Hash id;
    final int index;
    int slot;
    T item;
    int unmet;
    int entries;
    long order;
    boolean live = true;
    /** The first two dependants inline (most ids have one or two), the rest in an array. */
    Node<T> first;
    Node<T> second;
    Node<T>[] more;
    int dependantCount;

    Node(Hash id, int index) {
      this.id = id;
      this.index = index;
    }

    @SuppressWarnings("unchecked")
    void addDependant(Node<T> dependant) {
      switch (dependantCount) {
        case 0 -> first = dependant;
        case 1 -> second = dependant;
        default -> {
          int k = dependantCount - 2;
          if (more == null) {
            more = (Node<T>[]) new Node<?>[2];
          } else if (k == more.length) {
            more = Arrays.copyOf(more, k * 2);
          }
          more[k] = dependant;
        }
      }
      dependantCount++;
    }

    Node<T> dependant(int i) {
      return i == 0 ? first : i == 1 ? second : more[i - 2];
    }

    void clearDependants() {
      first = null;
      second = null;
      more = null;
      dependantCount = 0;
    }
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

    Builder<T> gate(HoldGate<T> gate) {
      this.gate = Objects.requireNonNull(gate, "gate");
      return this;
    }

    public CausalOrderer<T> build() {
      return new CausalOrderer<>(this);
    }
  }
}
