package org.walkaway.ordering;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.walkaway.core.Hash;
import org.walkaway.core.LogId;
import org.walkaway.core.Rejection;
import org.walkaway.core.Rejection.Reason;

/**
 * Causal delivery for one topic, sans-IO: items go in by {@link #offer} in any order and come out
 * through the given consumer in an order where every item follows all of its dependencies, each
 * exactly once.
 *
 * <h2>Design</h2>
 *
 * One hash map knows every id the orderer has heard of, in one of three states:
 *
 * <pre>
 *   id ──▶ DELIVERED                      (a shared marker: no object per delivered id)
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
 * the buffer is never rescanned. Held and wanted nodes are also threaded on two intrusive lists, so
 * {@link #missing()} and {@link #held()} cost what they return, not the size of the history.
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
 * Delivered ids stay in the map (about 80 bytes each besides the id itself) so that duplicates and
 * late dependants are recognised. An orderer built {@linkplain Builder#history with a history} (for
 * example a store's delivered marks) asks it about ids it does not know, and may then
 * {@link #forgetDelivered()} to bound its memory.
 *
 * <p>Not thread-safe: one thread, like every processor. The consumer must not call back into the
 * orderer; if it throws, the orderer refuses further use (its state may be half-updated).
 *
 * @param <T> the item
 */
public final class CausalOrderer<T> {
  private static final Object DELIVERED =
      new Object() {
        @Override
        public String toString() {
          return "DELIVERED";
        }
      };
  private static final Predicate<Hash> NO_HISTORY = id -> false;

  private final DependencyView<T> view;
  private final LogId topic;
  private final OrderingLimits limits;
  private final Predicate<Hash> history;
  private final MissingListener missingListener;
  private final HoldGate<T> gate;

  /** id -> DELIVERED or a Node (held or wanted). */
  private final HashMap<Hash, Object> known = new HashMap<>();
  /** Sentinels of the circular lists of held and of wanted nodes. */
  private final Node<T> heldList = Node.sentinel();
  private final Node<T> wantedList = Node.sentinel();
  private final ArrayDeque<Node<T>> releaseQueue = new ArrayDeque<>();
  private Object[] lookups = new Object[8];

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
    Object current = known.get(id);
    if (current == DELIVERED) {
      return new Admission.Duplicate();
    }
    Node<T> wanted = null;
    if (current != null) {
      Node<T> node = node(current);
      if (node.item != null) {
        return new Admission.Duplicate();
      }
      wanted = node;
    } else if (history.test(id)) {
      known.put(id, DELIVERED);
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
    Object[] found = lookups(count);
    int unmet = 0;
    for (int i = 0; i < count; i++) {
      Hash dependency = dependencies.get(i);
      if (dependency.equals(id)) {
        Arrays.fill(found, 0, count, null);
        return refused(Reason.REFUSED, "item " + id + " depends on itself, so it can never be delivered");
      }
      Object state = known.get(dependency);
      if (state == null && history.test(dependency)) {
        known.put(dependency, DELIVERED);
        state = DELIVERED;
      }
      found[i] = state;
      if (state != DELIVERED) {
        unmet++;
      }
    }

    if (unmet == 0) {
      Arrays.fill(found, 0, count, null);
      if (wanted != null) {
        unlink(wanted);
        wantedCount--;
      }
      known.put(id, DELIVERED);
      deliveredCount++;
      deliver.accept(item);
      int released = 1;
      if (wanted != null && wanted.dependantCount > 0) {
        released += releaseDependants(wanted, deliver);
      }
      return new Admission.Delivered(released);
    }

    int entries = 1 + unmet;
    if (!restoring) {
      Rejection refusal = null;
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
        Arrays.fill(found, 0, count, null);
        return new Admission.Refused(refusal);
      }
    }

    Node<T> node;
    if (wanted != null) {
      unlink(wanted);
      wantedCount--;
      node = wanted;
    } else {
      node = new Node<>(id);
      known.put(id, node);
    }
    node.item = item;
    node.unmet = unmet;
    node.entries = entries;
    linkLast(heldList, node);
    heldCount++;
    bufferedEntries += entries;

    // Second pass: register the item with every dependency it waits for.
    for (int i = 0; i < count; i++) {
      Object state = found[i];
      found[i] = null;
      if (state == DELIVERED) {
        continue;
      }
      Node<T> dependency;
      if (state == null) {
        Hash dependencyId = dependencies.get(i);
        Node<T> fresh = new Node<>(dependencyId);
        Object raced = known.putIfAbsent(dependencyId, fresh);
        if (raced == null) {
          dependency = fresh;
          linkLast(wantedList, fresh);
          wantedCount++;
          missingListener.missing(topic, dependencyId);
        } else {
          dependency = node(raced); // the same id listed twice
        }
      } else {
        dependency = node(state);
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
      Node<T>[] dependants = current.dependants;
      int count = current.dependantCount;
      current.dependants = null;
      current.dependantCount = 0;
      for (int i = 0; i < count; i++) {
        Node<T> dependant = dependants[i];
        if (--dependant.unmet == 0) {
          T item = dependant.item;
          dependant.item = null;
          unlink(dependant);
          heldCount--;
          bufferedEntries -= dependant.entries;
          known.put(dependant.id, DELIVERED);
          deliveredCount++;
          deliver.accept(item);
          released++;
          if (dependant.dependantCount > 0) {
            queue.addLast(dependant);
          }
        }
      }
    }
    return released;
  }

  private Admission refused(Reason reason, String message) {
    return new Admission.Refused(Rejection.of(reason, message));
  }

  private Object[] lookups(int count) {
    if (lookups.length < count) {
      lookups = new Object[Math.max(count, lookups.length * 2)];
    }
    return lookups;
  }

  @SuppressWarnings("unchecked")
  private static <T> Node<T> node(Object state) {
    return (Node<T>) state;
  }

  /** The topic this orderer serves (a label for messages and listeners). */
  public LogId topic() {
    return topic;
  }

  /** True if {@code id} was delivered (by this orderer, or before it according to its history). */
  public boolean isDelivered(Hash id) {
    Object state = known.get(id);
    return state == DELIVERED || (state == null && history.test(id));
  }

  /** True if an item with this id is held. */
  public boolean isHeld(Hash id) {
    return known.get(id) instanceof Node<?> node && node.item != null;
  }

  /**
   * Ids that held items wait for and that were never offered, in the order they were first wanted:
   * what sync should ask peers for. Ids of held items (waiting themselves) are not listed.
   */
  public List<Hash> missing() {
    List<Hash> ids = new ArrayList<>(wantedCount);
    for (Node<T> n = wantedList.next; n != wantedList; n = n.next) {
      ids.add(n.id);
    }
    return ids;
  }

  /** Held items, in the order they were held. */
  public List<T> held() {
    List<T> items = new ArrayList<>(heldCount);
    for (Node<T> n = heldList.next; n != heldList; n = n.next) {
      items.add(n.item);
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
    for (Node<T> n = heldList.next; n != heldList; n = n.next) {
      known.remove(n.id);
    }
    for (Node<T> n = wantedList.next; n != wantedList; n = n.next) {
      known.remove(n.id);
    }
    heldList.next = heldList;
    heldList.previous = heldList;
    wantedList.next = wantedList;
    wantedList.previous = wantedList;
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
    int before = known.size();
    known.values().removeIf(state -> state == DELIVERED);
    return before - known.size();
  }

  @Override
  public String toString() {
    return "CausalOrderer[topic=" + topic + ", held=" + heldCount + ", missing=" + wantedCount
        + ", entries=" + bufferedEntries + ", delivered=" + deliveredCount + "]";
  }

  private static <T> void linkLast(Node<T> list, Node<T> node) {
    Node<T> last = list.previous;
    node.previous = last;
    node.next = list;
    last.next = node;
    list.previous = node;
  }

  private static <T> void unlink(Node<T> node) {
    node.previous.next = node.next;
    node.next.previous = node.previous;
    node.previous = null;
    node.next = null;
  }

  /** A held or wanted id. */
  private static final class Node<T> {
    final Hash id;
    T item;
    int unmet;
    int entries;
    Node<T>[] dependants;
    int dependantCount;
    Node<T> previous;
    Node<T> next;

    Node(Hash id) {
      this.id = id;
    }

    static <T> Node<T> sentinel() {
      Node<T> sentinel = new Node<>(null);
      sentinel.previous = sentinel;
      sentinel.next = sentinel;
      return sentinel;
    }

    @SuppressWarnings("unchecked")
    void addDependant(Node<T> dependant) {
      if (dependants == null) {
        dependants = (Node<T>[]) new Node<?>[2];
      } else if (dependantCount == dependants.length) {
        dependants = Arrays.copyOf(dependants, dependantCount * 2);
      }
      dependants[dependantCount++] = dependant;
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
