package org.walkaway.ordering;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.walkaway.core.Bytes;
import org.walkaway.core.Event;
import org.walkaway.core.EventCodec;
import org.walkaway.core.Hash;
import org.walkaway.core.LogId;
import org.walkaway.core.Verdict;
import org.walkaway.core.state.KeyRange;
import org.walkaway.core.state.Namespace;
import org.walkaway.core.state.StateBatch;
import org.walkaway.core.state.StateEntry;
import org.walkaway.core.state.StateStore;
import org.walkaway.core.store.StoreException;

/**
 * An {@link OrderingStore} over event-core's {@link StateStore} SPI: durable wherever the state store
 * is (store-sqlite's {@code SqliteStateStore} keeps it in the same file as the events), without this
 * module knowing the store, or the store knowing ordering.
 *
 * <pre>{@code
 * StateStore state = SqliteStateStore.sharing(eventStore);    // or new InMemoryStateStore()
 * OrderingStore<Event> store = StateBackedOrderingStore.forEvents(state, StateBackedOrderingStore.NAMESPACE);
 * DurableOrderer<Event> orderer = DurableOrderer.open(store, DependencyView.events(), Event::logId,
 *     OrderingLimits.DEFAULT, MissingListener.NONE);
 * }</pre>
 *
 * <h2>Layout</h2>
 *
 * Every record lives in one namespace (so several orderers can share a store under different
 * names); the first key byte says which table a record belongs to, and numbers are big-endian so
 * that they sort as numbers:
 *
 * <pre>
 *   01 topic                  -> next delivery position (8) | next pending sequence (8)
 *   02 topic pendingSeq(8)    -> id (32) | item            held items, in the order they were put
 *   03 topic id               -> pendingSeq (8)            held items by id
 *   04 topic position(8)      -> id (32)                   the delivery log
 *   05 topic id               -> position (8)              delivered ids
 * </pre>
 *
 * Each {@link OrderingStore} method that writes is one {@link StateBatch}: {@link #markDelivered}
 * drops the held item, appends to the delivery log and bumps the counter in one atomic, durable
 * step, which is what the {@link OrderingStore} contract asks for, and {@link #apply} writes a
 * whole list of changes (an offer's release cascade) as one batch: one transaction, one fsync over
 * SQLite. Writes read first (is the id
 * delivered? held? what is the next position?), so they take turns behind a lock: one instance per
 * namespace and store, which is what a {@link DurableOrderer} has.
 *
 * <p>Failures of the state store become {@link OrderingException}s, as do stored items that no
 * longer decode.
 *
 * @param <T> the item
 */
public final class StateBackedOrderingStore<T> implements OrderingStore<T> {
  /** The namespace to use when a store holds one orderer's state. */
  public static final Namespace NAMESPACE = Namespace.of("ordering");

  /** Turns items into bytes and back; {@code decode(encode(x))} must equal {@code x}. */
  public interface ItemCodec<T> {
    Bytes encode(T item);

    /** @throws RuntimeException if {@code bytes} are not an item; it becomes an {@link OrderingException} */
    T decode(Bytes bytes);
  }

  private static final byte COUNTERS = 1;
  private static final byte PENDING = 2;
  private static final byte PENDING_IDS = 3;
  private static final byte DELIVERED = 4;
  private static final byte DELIVERED_IDS = 5;
  private static final int TOPIC_LENGTH = LogId.LENGTH;

  private final StateStore state;
  private final Namespace namespace;
  private final ItemCodec<T> codec;
  private final ReentrantLock writeLock = new ReentrantLock();

  private StateBackedOrderingStore(StateStore state, Namespace namespace, ItemCodec<T> codec) {
    this.state = Objects.requireNonNull(state, "state");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.codec = Objects.requireNonNull(codec, "codec");
  }

  /** The ordering state in {@code namespace} of {@code state}, items through {@code codec}. */
  public static <T> StateBackedOrderingStore<T> of(StateStore state, Namespace namespace, ItemCodec<T> codec) {
    return new StateBackedOrderingStore<>(state, namespace, codec);
  }

  /**
   * For {@link Event}s: each held event is stored as its header and body bytes, and decoded again
   * (signature included) when an orderer recovers it, so that a damaged record is refused rather
   * than delivered.
   */
  public static StateBackedOrderingStore<Event> forEvents(StateStore state, Namespace namespace) {
    return new StateBackedOrderingStore<>(state, namespace, EventItemCodec.INSTANCE);
  }

  @Override
  public void putPending(LogId topic, Hash id, T item) {
    apply(List.of(new PutPending<>(topic, id, item)));
  }

  @Override
  public long markDelivered(LogId topic, Hash id) {
    return apply(List.<Change<T>>of(new MarkDelivered<>(topic, id))).getFirst();
  }

  /**
   * One {@link StateBatch} for the whole list: atomic and durable as the state store's
   * {@code apply} is. The changes' reads (delivered? held? next position?) see the earlier changes
   * of the batch through a staging overlay, so positions stay consecutive within it.
   */
  @Override
  public List<Long> apply(List<? extends Change<T>> changes) {
    List<Change<T>> batch = List.copyOf(changes);
    List<Bytes> encoded = new ArrayList<>(batch.size());
    for (Change<T> change : batch) { // encoded outside the lock
      encoded.add(change instanceof PutPending<T> put ? codec.encode(put.item()) : null);
    }
    return writing(() -> {
      Staging staging = new Staging();
      List<Long> positions = new ArrayList<>();
      for (int i = 0; i < batch.size(); i++) {
        switch (batch.get(i)) {
          case PutPending<T> put -> stagePending(staging, put.topic(), put.id(), encoded.get(i));
          case MarkDelivered<T> mark -> positions.add(stageDelivery(staging, mark.topic(), mark.id()));
        }
      }
      StateBatch writes = staging.writes();
      if (!writes.isEmpty()) {
        state.apply(writes);
      }
      return List.copyOf(positions);
    });
  }

  private void stagePending(Staging staging, LogId topic, Hash id, Bytes encoded) {
    if (staging.get(key(DELIVERED_IDS, topic, id)).isPresent()) {
      throw new IllegalStateException("item " + id + " was already delivered in topic " + topic);
    }
    if (staging.get(key(PENDING_IDS, topic, id)).isPresent()) {
      return; // writing the same id twice keeps the first
    }
    Counters counters = staging.counters(topic);
    long seq = counters.nextPendingSeq();
    byte[] value = new byte[Hash.LENGTH + encoded.length()];
    id.bytes().copyTo(value, 0);
    encoded.copyTo(value, Hash.LENGTH);
    staging.putNew(key(PENDING, topic, seq), Bytes.of(value));
    staging.putNew(key(PENDING_IDS, topic, id), number(seq));
    staging.put(key(COUNTERS, topic), new Counters(counters.nextPosition(), seq + 1).bytes());
  }

  private long stageDelivery(Staging staging, LogId topic, Hash id) {
    if (staging.get(key(DELIVERED_IDS, topic, id)).isPresent()) {
      throw new IllegalStateException("item " + id + " was already delivered in topic " + topic);
    }
    Counters counters = staging.counters(topic);
    long position = counters.nextPosition();
    Optional<Bytes> pendingSeq = staging.get(key(PENDING_IDS, topic, id));
    if (pendingSeq.isPresent()) {
      staging.delete(key(PENDING, topic, number(pendingSeq.get())));
      staging.delete(key(PENDING_IDS, topic, id));
    }
    staging.put(key(DELIVERED, topic, position), id.bytes());
    staging.put(key(DELIVERED_IDS, topic, id), number(position));
    staging.put(key(COUNTERS, topic), new Counters(position + 1, counters.nextPendingSeq()).bytes());
    return position;
  }

  /**
   * The writes of one batch, and what they make the store look like to the batch's later reads.
   * Only each key's last write goes to the store: a topic's counters are written once per batch
   * however many changes bump them, and an item held and delivered in the same batch leaves no
   * held record to write and delete.
   */
  private final class Staging {
    /** Keys written by this batch, in order: the value, or empty if deleted. */
    final Map<Bytes, Optional<Bytes>> written = new LinkedHashMap<>();
    /** Keys this batch created (absent from the store before it): deleting one is writing nothing. */
    final Set<Bytes> created = new HashSet<>();

    Optional<Bytes> get(Bytes key) {
      Optional<Bytes> staged = written.get(key);
      return staged != null ? staged : StateBackedOrderingStore.this.get(key);
    }

    Counters counters(LogId topic) {
      return get(key(COUNTERS, topic)).map(Counters::from).orElse(new Counters(0, 0));
    }

    void put(Bytes key, Bytes value) {
      written.put(key, Optional.of(value));
    }

    /** Puts a key that the caller found absent (in the store, as this batch leaves it so far). */
    void putNew(Bytes key, Bytes value) {
      if (!written.containsKey(key)) { // else the store may hold it, deleted earlier in this batch
        created.add(key);
      }
      put(key, value);
    }

    void delete(Bytes key) {
      if (created.remove(key)) {
        written.remove(key); // reads fall through to the store again, which lacks it
      } else {
        written.put(key, Optional.empty());
      }
    }

    StateBatch writes() {
      StateBatch.Builder batch = StateBatch.builder();
      written.forEach((key, value) -> {
        if (value.isPresent()) {
          batch.put(namespace, key, value.get());
        } else {
          batch.delete(namespace, key);
        }
      });
      return batch.build();
    }
  }

  @Override
  public boolean isDelivered(LogId topic, Hash id) {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(id, "id");
    return translated(() -> get(key(DELIVERED_IDS, topic, id)).isPresent());
  }

  /** Skips from topic to topic: one single-record scan per topic that holds something. */
  @Override
  public Set<LogId> topicsWithPending() {
    return translated(() -> {
      Set<LogId> topics = new TreeSet<>();
      Bytes table = Bytes.of(PENDING_IDS);
      KeyRange range = KeyRange.prefix(table);
      while (true) {
        List<StateEntry> first = state.scan(namespace, range, 1);
        if (first.isEmpty()) {
          return topics;
        }
        Bytes topicPrefix = first.getFirst().key().slice(0, 1 + TOPIC_LENGTH);
        topics.add(new LogId(topicPrefix.slice(1, 1 + TOPIC_LENGTH)));
        Optional<Bytes> next = KeyRange.successorOfPrefix(topicPrefix);
        if (next.isEmpty() || next.get().compareTo(range.to().orElseThrow()) >= 0) {
          return topics;
        }
        range = KeyRange.between(next.get(), range.to().orElseThrow());
      }
    });
  }

  @Override
  public List<T> pending(LogId topic) {
    Objects.requireNonNull(topic, "topic");
    return translated(() -> {
      List<StateEntry> entries = state.scan(namespace, KeyRange.prefix(key(PENDING, topic)), Integer.MAX_VALUE);
      List<T> items = new ArrayList<>(entries.size());
      for (StateEntry entry : entries) {
        Bytes value = entry.value();
        try {
          items.add(Objects.requireNonNull(codec.decode(value.slice(Hash.LENGTH, value.length())), "decoded item"));
        } catch (RuntimeException e) {
          throw new OrderingException(
              "a held item of topic " + topic + " (id " + Hash.fromBytes(value.slice(0, Hash.LENGTH).toArray())
                  + ") no longer decodes: " + e.getMessage(), e);
        }
      }
      return List.copyOf(items);
    });
  }

  @Override
  public int discardPending(LogId topic) {
    Objects.requireNonNull(topic, "topic");
    return writing(() -> {
      int count = state.scan(namespace, KeyRange.prefix(key(PENDING_IDS, topic)), Integer.MAX_VALUE).size();
      if (count > 0) {
        state.apply(
            StateBatch.builder()
                .deleteRange(namespace, KeyRange.prefix(key(PENDING, topic)))
                .deleteRange(namespace, KeyRange.prefix(key(PENDING_IDS, topic)))
                .build());
      }
      return count;
    });
  }

  @Override
  public long deliveredCount(LogId topic) {
    Objects.requireNonNull(topic, "topic");
    return translated(() -> counters(topic).nextPosition());
  }

  @Override
  public List<Hash> delivered(LogId topic, long fromPosition, int maxCount) {
    Objects.requireNonNull(topic, "topic");
    if (fromPosition < 0 || maxCount < 0) {
      throw new IllegalArgumentException(
          "position and count must not be negative: " + fromPosition + ", " + maxCount);
    }
    return translated(() -> {
      Bytes table = key(DELIVERED, topic);
      KeyRange range = KeyRange.between(key(DELIVERED, topic, fromPosition), KeyRange.successorOfPrefix(table).orElseThrow());
      return state.scan(namespace, range, maxCount).stream()
          .map(entry -> Hash.fromBytes(entry.value().toArray()))
          .toList();
    });
  }

  private Optional<Bytes> get(Bytes key) {
    return state.get(namespace, key);
  }

  private Counters counters(LogId topic) {
    return get(key(COUNTERS, topic)).map(Counters::from).orElse(new Counters(0, 0));
  }

  /** The next delivery position and the next pending sequence number of a topic. */
  private record Counters(long nextPosition, long nextPendingSeq) {
    static Counters from(Bytes bytes) {
      if (bytes.length() != 16) {
        throw new OrderingException("a topic's counters record has " + bytes.length() + " bytes, not 16");
      }
      ByteBuffer buffer = ByteBuffer.wrap(bytes.toArray());
      return new Counters(buffer.getLong(), buffer.getLong());
    }

    Bytes bytes() {
      return Bytes.of(ByteBuffer.allocate(16).putLong(nextPosition).putLong(nextPendingSeq).array());
    }
  }

  private static Bytes key(byte table, LogId topic) {
    byte[] key = new byte[1 + TOPIC_LENGTH];
    key[0] = table;
    topic.bytes().copyTo(key, 1);
    return Bytes.of(key);
  }

  private static Bytes key(byte table, LogId topic, Hash id) {
    byte[] key = new byte[1 + TOPIC_LENGTH + Hash.LENGTH];
    key[0] = table;
    topic.bytes().copyTo(key, 1);
    id.bytes().copyTo(key, 1 + TOPIC_LENGTH);
    return Bytes.of(key);
  }

  private static Bytes key(byte table, LogId topic, long number) {
    byte[] key = ByteBuffer.allocate(1 + TOPIC_LENGTH + Long.BYTES).put(table).put(topic.bytes().toArray())
        .putLong(number).array();
    return Bytes.of(key);
  }

  private static Bytes number(long value) {
    return Bytes.of(ByteBuffer.allocate(Long.BYTES).putLong(value).array());
  }

  private static long number(Bytes bytes) {
    if (bytes.length() != Long.BYTES) {
      throw new OrderingException("a stored number has " + bytes.length() + " bytes, not 8");
    }
    return ByteBuffer.wrap(bytes.toArray()).getLong();
  }

  private <R> R writing(Supplier<R> action) {
    writeLock.lock();
    try {
      return translated(action);
    } finally {
      writeLock.unlock();
    }
  }

  private static <R> R translated(Supplier<R> action) {
    try {
      return action.get();
    } catch (StoreException e) {
      throw new OrderingException("the state store failed: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "StateBackedOrderingStore[" + namespace + " in " + state + "]";
  }

  /**
   * An event as {@code headerLength(4) | header | hasBody(1) | body}; decoded with
   * {@link EventCodec#decode}, which checks the signature and body hash again.
   */
  private enum EventItemCodec implements ItemCodec<Event> {
    INSTANCE;

    @Override
    public Bytes encode(Event event) {
      Bytes header = event.headerBytes();
      Optional<Bytes> body = event.body().map(b -> b.bytes());
      byte[] out = new byte[4 + header.length() + 1 + body.map(Bytes::length).orElse(0)];
      ByteBuffer.wrap(out).putInt(header.length());
      header.copyTo(out, 4);
      out[4 + header.length()] = (byte) (body.isPresent() ? 1 : 0);
      body.ifPresent(b -> b.copyTo(out, 4 + header.length() + 1));
      return Bytes.of(out);
    }

    @Override
    public Event decode(Bytes bytes) {
      byte[] in = bytes.toArray();
      ByteBuffer buffer = ByteBuffer.wrap(in);
      int headerLength = buffer.getInt();
      if (headerLength < 0 || headerLength > in.length - 5) {
        throw new IllegalArgumentException("a stored event's header length " + headerLength + " is out of range");
      }
      Bytes header = Bytes.of(in, 4, headerLength);
      boolean hasBody = in[4 + headerLength] == 1;
      Optional<Bytes> body =
          hasBody ? Optional.of(Bytes.of(in, 5 + headerLength, in.length - 5 - headerLength)) : Optional.empty();
      return switch (EventCodec.decode(header, body)) {
        case Verdict.Accepted<Event>(Event event) -> event;
        case Verdict.Rejected<Event>(var rejection) ->
            throw new IllegalArgumentException("a stored event no longer decodes: " + rejection);
      };
    }
  }
}
