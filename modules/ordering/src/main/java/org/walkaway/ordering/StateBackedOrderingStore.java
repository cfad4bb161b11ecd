package org.walkaway.ordering;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
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
 * step, which is what the {@link OrderingStore} contract asks for. Writes read first (is the id
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
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(item, "item");
    Bytes encoded = codec.encode(item);
    writing(() -> {
      if (get(key(DELIVERED_IDS, topic, id)).isPresent()) {
        throw new IllegalStateException("item " + id + " was already delivered in topic " + topic);
      }
      if (get(key(PENDING_IDS, topic, id)).isPresent()) {
        return null; // writing the same id twice keeps the first
      }
      Counters counters = counters(topic);
      long seq = counters.nextPendingSeq();
      byte[] value = new byte[Hash.LENGTH + encoded.length()];
      id.bytes().copyTo(value, 0);
      encoded.copyTo(value, Hash.LENGTH);
      state.apply(
          StateBatch.builder()
              .put(namespace, key(PENDING, topic, seq), Bytes.of(value))
              .put(namespace, key(PENDING_IDS, topic, id), number(seq))
              .put(namespace, key(COUNTERS, topic), new Counters(counters.nextPosition(), seq + 1).bytes())
              .build());
      return null;
    });
  }

  @Override
  public long markDelivered(LogId topic, Hash id) {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(id, "id");
    return writing(() -> {
      if (get(key(DELIVERED_IDS, topic, id)).isPresent()) {
        throw new IllegalStateException("item " + id + " was already delivered in topic " + topic);
      }
      Counters counters = counters(topic);
      long position = counters.nextPosition();
      StateBatch.Builder batch = StateBatch.builder();
      Optional<Bytes> pendingSeq = get(key(PENDING_IDS, topic, id));
      if (pendingSeq.isPresent()) {
        batch.delete(namespace, key(PENDING, topic, number(pendingSeq.get())));
        batch.delete(namespace, key(PENDING_IDS, topic, id));
      }
      state.apply(
          batch.put(namespace, key(DELIVERED, topic, position), id.bytes())
              .put(namespace, key(DELIVERED_IDS, topic, id), number(position))
              .put(namespace, key(COUNTERS, topic), new Counters(position + 1, counters.nextPendingSeq()).bytes())
              .build());
      return position;
    });
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
