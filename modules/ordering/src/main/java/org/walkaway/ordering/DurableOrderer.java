package org.walkaway.ordering;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.walkaway.core.Hash;
import org.walkaway.core.LogId;
import org.walkaway.core.Rejection;
import org.walkaway.core.Rejection.Reason;

/**
 * Causal, exactly-once delivery over many topics, with its state in an {@link OrderingStore} so that
 * a crash at any point loses nothing and delivers nothing twice or early. One {@link CausalOrderer}
 * per topic, so that one topic's missing dependency never holds up another.
 *
 * <h2>Write-ahead protocol</h2>
 *
 * <pre>
 *   offer(x)    (offerAll(xs): the same for each x, with one write for all of them)
 *    ├─ known (delivered or held)?  ── yes ─▶ Duplicate        (no write)
 *    ├─ refused (self-dependency, bounds) ─▶ Refused          (no write)
 *    ├─ waits for something ─▶ stage PutPending(x) ─▶ Held
 *    └─ ready ─▶ for x and each item it unblocks, in causal order: stage MarkDelivered(id)
 *   store.apply(staged changes)   one atomic, durable write: held records, and per mark the pending
 *                                 record dropped and the id appended to the topic's delivery log
 *   deliver(item) for each marked item, in the order marked: only after the write
 *   return                        the admissions are acknowledgements only now
 * </pre>
 *
 * A crash before the write leaves the store as it was before the call (nothing of it was
 * acknowledged or handed over); with a store whose {@link OrderingStore#apply} is not atomic, it
 * leaves a prefix of the changes, each of which is a state the unbatched protocol also passes
 * through. Either way
 * {@link #open opening} a new orderer on it rebuilds every topic from the store: delivered ids (asked
 * of the store as the orderers' {@linkplain CausalOrderer.Builder#history history}) are duplicates
 * and are never delivered again; held items are held again, and those whose dependencies were all
 * delivered before the crash are delivered first, by {@link #drainRecovered} or the next
 * {@link #offer}. Because a mark is written before its item goes to the consumer, a crash between
 * the two leaves items that are in the delivery log but were never handed over (at most those of
 * one call): a receiver that remembers the position it consumed up to reads what it missed with
 * {@link #delivered} (the log is the exactly-once record; the consumer gets each item at most once
 * from the live path).
 *
 * <p>An item counts as acknowledged when {@code offer} returns; whatever was not acknowledged must
 * be offered again by its source (sync does this by asking for what it still misses).
 *
 * <p>A failing store ({@link OrderingException}) or consumer breaks this orderer: every later call
 * throws {@link IllegalStateException}, and the way on is to open a new one on the store.
 *
 * <p>Not thread-safe: one thread, like every processor.
 *
 * @param <T> the item
 */
public final class DurableOrderer<T> {
  private final OrderingStore<T> store;
  private final DependencyView<T> view;
  private final Function<? super T, LogId> topicOf;
  private final OrderingLimits limits;
  private final MissingListener missingListener;
  private final Map<LogId, CausalOrderer<T>> orderers = new HashMap<>();
  /** Items whose dependencies were delivered before a crash: marked, not yet handed over. */
  private final ArrayDeque<T> recovered = new ArrayDeque<>();
  private long bufferedTotal;
  private boolean failed;
  /** The store writes of the call in progress, written once by {@link #commit}. */
  private final List<OrderingStore.Change<T>> staged = new ArrayList<>();
  /** The items the call in progress marked delivered, handed over after {@link #commit}. */
  private final List<T> released = new ArrayList<>();

  private DurableOrderer(
      OrderingStore<T> store,
      DependencyView<T> view,
      Function<? super T, LogId> topicOf,
      OrderingLimits limits,
      MissingListener missingListener) {
    this.store = Objects.requireNonNull(store, "store");
    this.view = Objects.requireNonNull(view, "view");
    this.topicOf = Objects.requireNonNull(topicOf, "topicOf");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.missingListener = Objects.requireNonNull(missingListener, "missingListener");
  }

  /**
   * Opens an orderer on {@code store}, rebuilding the state of every topic that holds items. Items
   * that turn out ready (a crash cut their release) are marked delivered and handed over, in causal
   * order, by {@link #drainRecovered} or the next {@link #offer}.
   *
   * @param topicOf the topic of an item (for events, their log id)
   */
  public static <T> DurableOrderer<T> open(
      OrderingStore<T> store,
      DependencyView<T> view,
      Function<? super T, LogId> topicOf,
      OrderingLimits limits,
      MissingListener missingListener) {
    DurableOrderer<T> orderer = new DurableOrderer<>(store, view, topicOf, limits, missingListener);
    orderer.recover();
    return orderer;
  }

  private void recover() {
    guarded(
        () -> {
          for (LogId topic : store.topicsWithPending()) {
            CausalOrderer<T> orderer = orderer(topic);
            for (T item : store.pending(topic)) {
              orderer.restore(item, recovered::addLast);
            }
            bufferedTotal += orderer.bufferedEntries();
          }
          return null;
        });
  }

  private CausalOrderer<T> orderer(LogId topic) {
    CausalOrderer<T> orderer = orderers.get(topic);
    if (orderer == null) {
      orderer =
          CausalOrderer.builder(view)
              .topic(topic)
              .limits(limits)
              .history(id -> store.isDelivered(topic, id))
              .missingListener(missingListener)
              .gate(this::beforeHold)
              .build();
      orderers.put(topic, orderer);
    }
    return orderer;
  }

  private Rejection beforeHold(LogId topic, Hash id, T item, int entries) {
    if (bufferedTotal + entries > limits.maxBufferedTotal()) {
      return Rejection.of(
          Reason.LIMIT_EXCEEDED,
          "the ordering buffers of all topics are full (" + bufferedTotal + " of "
              + limits.maxBufferedTotal() + " entries); item " + id + " of topic " + topic
              + " needs " + entries + " entries; offer it again after its dependencies");
    }
    // write-ahead: staged here, durable (by commit) before the offer is acknowledged
    staged.add(new OrderingStore.PutPending<>(topic, id, item));
    return null;
  }

  /**
   * Offers one item; see {@link CausalOrderer#offer}. Items recovered at {@link #open} are handed to
   * {@code deliver} first. The item (if held) and the deliveries of the whole release cascade it
   * triggers are written in one {@link OrderingStore#apply}, and each item reaches {@code deliver}
   * after that write.
   */
  public Admission offer(T item, Consumer<? super T> deliver) {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(deliver, "deliver");
    return guarded(
        () -> {
          drain(deliver);
          Admission admission = stage(item);
          commit(deliver);
          return admission;
        });
  }

  /**
   * Offers {@code items} in order, as many {@link #offer} calls would, but with one store write for
   * all of them: over a durable store, one transaction (and fsync) for a whole batch from sync
   * instead of one per item. The held items are acknowledged, and the released ones handed to
   * {@code deliver}, once that write is done, that is when this returns; a crash before then loses
   * the whole call (its source offers it again), and a crash or consumer failure during the
   * hand-over leaves the rest of the batch in the delivery log only (see {@link #delivered}).
   *
   * @return the admission of each item, in order
   */
  public List<Admission> offerAll(List<? extends T> items, Consumer<? super T> deliver) {
    List<T> batch = List.copyOf(items);
    Objects.requireNonNull(deliver, "deliver");
    return guarded(
        () -> {
          drain(deliver);
          List<Admission> admissions = new ArrayList<>(batch.size());
          for (T item : batch) {
            admissions.add(stage(item));
          }
          commit(deliver);
          return List.copyOf(admissions);
        });
  }

  /** Offers {@code item} to its topic's orderer, staging the store writes instead of making them. */
  private Admission stage(T item) {
    LogId topic = Objects.requireNonNull(topicOf.apply(item), "topic");
    CausalOrderer<T> orderer = orderer(topic);
    long before = orderer.bufferedEntries();
    try {
      return orderer.offer(item, ready -> {
        staged.add(new OrderingStore.MarkDelivered<>(topic, view.id(ready)));
        released.add(ready);
      });
    } finally {
      bufferedTotal += orderer.bufferedEntries() - before;
    }
  }

  /**
   * Writes the staged changes in one store call, then hands over the items they marked, in the order
   * they were marked (causal per topic). The write comes first so that nothing reaches the consumer
   * before it is recorded; the staging lists are emptied first so that a failure does not leave
   * them to a later call (the orderer is broken by then anyway).
   */
  private void commit(Consumer<? super T> deliver) {
    List<OrderingStore.Change<T>> changes = List.copyOf(staged);
    List<T> handOver = List.copyOf(released);
    staged.clear();
    released.clear();
    if (!changes.isEmpty()) {
      store.apply(changes);
    }
    for (T item : handOver) {
      deliver.accept(item);
    }
  }

  /** Hands over the items that were found ready at {@link #open}. Returns how many. */
  public int drainRecovered(Consumer<? super T> deliver) {
    Objects.requireNonNull(deliver, "deliver");
    return guarded(() -> drain(deliver));
  }

  /**
   * Marks and hands over the recovered items, in the order recovery released them (causal per
   * topic): their marks in one store write, then the hand-overs. The marks are written here, not
   * during recovery, so that what a crash can cut is one call's hand-overs; nothing can be marked in
   * between, since every writing call drains first.
   */
  private int drain(Consumer<? super T> deliver) {
    if (recovered.isEmpty()) {
      return 0;
    }
    for (T item : recovered) {
      staged.add(new OrderingStore.MarkDelivered<>(topicOf.apply(item), view.id(item)));
      released.add(item);
    }
    int count = recovered.size();
    recovered.clear();
    commit(deliver);
    return count;
  }

  /** Ids that held items of {@code topic} wait for and that were never seen: ask peers for them. */
  public List<Hash> missing(LogId topic) {
    checkUsable();
    CausalOrderer<T> orderer = orderers.get(topic);
    return orderer == null ? List.of() : orderer.missing();
  }

  /** Missing ids of every topic that has some, by topic. */
  public Map<LogId, List<Hash>> missing() {
    checkUsable();
    Map<LogId, List<Hash>> result = new TreeMap<>();
    orderers.forEach((topic, orderer) -> {
      if (orderer.missingCount() > 0) {
        result.put(topic, orderer.missing());
      }
    });
    return result;
  }

  /** How many items {@code topic} holds. */
  public int heldCount(LogId topic) {
    checkUsable();
    CausalOrderer<T> orderer = orderers.get(topic);
    return orderer == null ? 0 : orderer.heldCount();
  }

  /** Buffer entries in use over all topics (see {@link OrderingLimits}). */
  public long bufferedEntries() {
    return bufferedTotal;
  }

  /** True if {@code id} was delivered in {@code topic}. */
  public boolean isDelivered(LogId topic, Hash id) {
    checkUsable();
    return guarded(() -> store.isDelivered(topic, id));
  }

  /** The topic's delivery log from {@code fromPosition}: see {@link OrderingStore#delivered}. */
  public List<Hash> delivered(LogId topic, long fromPosition, int maxCount) {
    checkUsable();
    return guarded(() -> store.delivered(topic, fromPosition, maxCount));
  }

  /**
   * Drops every item {@code topic} holds, in the store too: the way out of a flood of items whose
   * dependencies never come. Returns the dropped items; their sources may offer them again.
   */
  public List<T> discardPending(LogId topic) {
    return guarded(
        () -> {
          if (!recovered.isEmpty()) {
            throw new IllegalStateException(
                "items recovered at open wait to be handed over; call drainRecovered first");
          }
          store.discardPending(topic);
          CausalOrderer<T> orderer = orderers.get(topic);
          if (orderer == null) {
            return List.of();
          }
          bufferedTotal -= orderer.bufferedEntries();
          return orderer.discardHeld();
        });
  }

  /**
   * Frees the memory of delivered ids (the store remembers them) and of topics that hold nothing.
   * Returns how many delivered ids were forgotten.
   */
  public long trimMemory() {
    checkUsable();
    long forgotten = 0;
    for (var it = orderers.values().iterator(); it.hasNext(); ) {
      CausalOrderer<T> orderer = it.next();
      forgotten += orderer.forgetDelivered();
      if (orderer.heldCount() == 0 && orderer.missingCount() == 0) {
        it.remove();
      }
    }
    return forgotten;
  }

  private void checkUsable() {
    if (failed) {
      throw new IllegalStateException(
          "this orderer failed earlier (its store or consumer threw); open a new one on the store to recover");
    }
  }

  private <R> R guarded(java.util.function.Supplier<R> action) {
    checkUsable();
    try {
      return action.get();
    } catch (RuntimeException | Error e) {
      failed = true;
      throw e;
    }
  }

  @Override
  public String toString() {
    return "DurableOrderer[topics=" + orderers.size() + ", entries=" + bufferedTotal + "]";
  }
}
