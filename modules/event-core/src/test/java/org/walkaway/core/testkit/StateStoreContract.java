package org.walkaway.core.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.walkaway.core.Bytes;
import org.walkaway.core.state.KeyRange;
import org.walkaway.core.state.Namespace;
import org.walkaway.core.state.StateBatch;
import org.walkaway.core.state.StateEntry;
import org.walkaway.core.state.StateStore;
import org.walkaway.core.store.StoreException;

/**
 * The behaviour every {@link StateStore} owes, as tests. An implementation's test extends this class
 * and says how to make an empty store, and, for a store that outlives its object, how to open it
 * again:
 *
 * <pre>{@code
 * class SqliteStateStoreTest extends StateStoreContract {
 *   @TempDir Path dir;
 *   @Override protected StateStore newStore() { return SqliteStateStore.open(dir.resolve("state.db")); }
 *   @Override protected boolean survivesReopen() { return true; }
 *   @Override protected StateStore reopen() { return SqliteStateStore.open(dir.resolve("state.db")); }
 * }
 * }</pre>
 *
 * It ships in event-core's test-jar, next to {@link EventStoreContract} (see there why in this
 * package).
 */
public abstract class StateStoreContract {
  /** An empty store, opened for one test; the contract closes it afterwards. */
  protected abstract StateStore newStore();

  /** True if {@link #reopen} gives back what a closed store held. */
  protected boolean survivesReopen() {
    return false;
  }

  /** The store {@link #newStore} made, opened again after it was closed. */
  protected StateStore reopen() {
    throw new UnsupportedOperationException("this store does not outlive its object");
  }

  protected StateStore store;

  private static final Namespace RED = Namespace.of("red");
  private static final Namespace BLUE = Namespace.of("blue");

  @BeforeEach
  void openStore() {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  protected static Bytes bytes(int... values) {
    byte[] result = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      result[i] = (byte) values[i];
    }
    return Bytes.of(result);
  }

  private static Bytes text(String text) {
    return Bytes.of(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private List<Bytes> keys(Namespace namespace, KeyRange range) {
    return store.scan(namespace, range, Integer.MAX_VALUE).stream().map(StateEntry::key).toList();
  }

  @Test
  public void anEmptyStoreHasNothing() {
    assertEquals(Optional.empty(), store.get(RED, text("a")));
    assertEquals(Optional.empty(), store.get(RED, Bytes.EMPTY));
    assertEquals(List.of(), store.scan(RED, KeyRange.all(), 10));
    store.apply(StateBatch.builder().build()); // an empty batch is fine
  }

  @Test
  public void putGetOverwriteDelete() {
    store.put(RED, text("a"), text("1"));
    assertEquals(Optional.of(text("1")), store.get(RED, text("a")));
    store.put(RED, text("a"), text("2"));
    assertEquals(Optional.of(text("2")), store.get(RED, text("a")));
    store.delete(RED, text("a"));
    assertEquals(Optional.empty(), store.get(RED, text("a")));
    store.delete(RED, text("never there")); // nothing happens
    assertEquals(List.of(), store.scan(RED, KeyRange.all(), 10));
  }

  @Test
  public void emptyKeysAndValuesAreRecords() {
    store.put(RED, Bytes.EMPTY, Bytes.EMPTY);
    store.put(RED, bytes(0), Bytes.EMPTY);
    assertEquals(Optional.of(Bytes.EMPTY), store.get(RED, Bytes.EMPTY));
    assertEquals(List.of(Bytes.EMPTY, bytes(0)), keys(RED, KeyRange.all()));
  }

  @Test
  public void namespacesAreIndependent() {
    store.put(RED, text("k"), text("red"));
    store.put(BLUE, text("k"), text("blue"));
    assertEquals(Optional.of(text("red")), store.get(RED, text("k")));
    assertEquals(Optional.of(text("blue")), store.get(BLUE, text("k")));
    store.apply(StateBatch.builder().deleteRange(RED, KeyRange.all()).build());
    assertEquals(Optional.empty(), store.get(RED, text("k")));
    assertEquals(Optional.of(text("blue")), store.get(BLUE, text("k")));
    assertEquals(Optional.empty(), store.get(Namespace.of("red.x"), text("k")));
  }

  @Test
  public void scansAreInUnsignedLexicographicOrder() {
    List<Bytes> expected =
        List.of(Bytes.EMPTY, bytes(0), bytes(0, 0), bytes(0, 1), bytes(1), bytes(0x7f), bytes(0x7f, 0xff),
            bytes(0x80), bytes(0xfe, 0xff, 0xff), bytes(0xff), bytes(0xff, 0), bytes(0xff, 0xff, 0xff));
    List<Bytes> shuffled = new ArrayList<>(expected);
    java.util.Collections.shuffle(shuffled, new java.util.Random(1));
    StateBatch.Builder batch = StateBatch.builder();
    shuffled.forEach(key -> batch.put(RED, key, key));
    store.apply(batch.build());
    assertEquals(expected, keys(RED, KeyRange.all()));
    for (StateEntry entry : store.scan(RED, KeyRange.all(), 100)) {
      assertEquals(entry.key(), entry.value());
    }
  }

  @Test
  public void rangesArePrefixesAndHalfOpenIntervals() {
    StateBatch.Builder batch = StateBatch.builder();
    for (Bytes key : List.of(bytes(1), bytes(1, 0), bytes(1, 0xff), bytes(1, 0xff, 0xff), bytes(2), bytes(2, 0),
        bytes(0xff), bytes(0xff, 0xff), bytes(0xff, 0xff, 1))) {
      batch.put(RED, key, Bytes.EMPTY);
    }
    store.apply(batch.build());
    assertEquals(List.of(bytes(1), bytes(1, 0), bytes(1, 0xff), bytes(1, 0xff, 0xff)), keys(RED, KeyRange.prefix(bytes(1))));
    assertEquals(List.of(bytes(1, 0xff), bytes(1, 0xff, 0xff)), keys(RED, KeyRange.prefix(bytes(1, 0xff))));
    assertEquals(List.of(bytes(0xff, 0xff), bytes(0xff, 0xff, 1)), keys(RED, KeyRange.prefix(bytes(0xff, 0xff))));
    assertEquals(List.of(bytes(1, 0xff), bytes(1, 0xff, 0xff)), keys(RED, KeyRange.between(bytes(1, 1), bytes(2))));
    assertEquals(List.of(), keys(RED, KeyRange.between(bytes(2), bytes(2))));
    assertEquals(List.of(bytes(0xff), bytes(0xff, 0xff), bytes(0xff, 0xff, 1)), keys(RED, KeyRange.startingAt(bytes(3))));
    assertEquals(9, keys(RED, KeyRange.prefix(Bytes.EMPTY)).size());
  }

  @Test
  public void limitsAndPaging() {
    StateBatch.Builder batch = StateBatch.builder();
    for (int i = 0; i < 50; i++) {
      batch.put(RED, bytes(i / 10, i % 10), bytes(i));
    }
    store.apply(batch.build());
    assertEquals(List.of(), store.scan(RED, KeyRange.all(), 0));
    assertEquals(List.of(bytes(0, 0), bytes(0, 1)), keys(RED, KeyRange.all()).subList(0, 2));
    assertEquals(3, store.scan(RED, KeyRange.all(), 3).size());
    assertThrows(IllegalArgumentException.class, () -> store.scan(RED, KeyRange.all(), -1));
    List<Bytes> paged = new ArrayList<>();
    KeyRange range = KeyRange.between(bytes(1), bytes(4));
    while (true) {
      List<StateEntry> page = store.scan(RED, range, 7);
      page.forEach(entry -> paged.add(entry.key()));
      if (page.size() < 7) {
        break;
      }
      range = range.after(page.getLast().key());
    }
    assertEquals(keys(RED, KeyRange.between(bytes(1), bytes(4))), paged);
    assertEquals(30, paged.size());
  }

  @Test
  public void aBatchAppliesInOrderAcrossNamespaces() {
    store.put(RED, text("old"), text("x"));
    store.apply(
        StateBatch.builder()
            .put(RED, text("a"), text("1"))
            .delete(RED, text("a")) // a later write to a key wins
            .delete(RED, text("b"))
            .put(RED, text("b"), text("2"))
            .put(BLUE, text("c"), text("3"))
            .deleteRange(RED, KeyRange.prefix(text("o")))
            .put(RED, text("ok"), text("4"))
            .build());
    assertEquals(List.of(text("b"), text("ok")), keys(RED, KeyRange.all()));
    assertEquals(Optional.of(text("2")), store.get(RED, text("b")));
    assertEquals(Optional.of(text("3")), store.get(BLUE, text("c")));
  }

  @Test
  public void keysLongerThanTheLimitAreRefusedBeforeTheStoreSeesThem() {
    Bytes longest = Bytes.of(new byte[StateStore.MAX_KEY_LENGTH]);
    store.put(RED, longest, text("fits"));
    assertEquals(Optional.of(text("fits")), store.get(RED, longest));
    Bytes tooLong = Bytes.of(new byte[StateStore.MAX_KEY_LENGTH + 1]);
    assertThrows(IllegalArgumentException.class, () -> StateBatch.builder().put(RED, tooLong, Bytes.EMPTY));
  }

  @Test
  public void largeValuesRoundTrip() {
    byte[] value = new byte[1 << 20];
    new SplittableRandom(3).nextBytes(value);
    store.put(RED, text("big"), Bytes.of(value));
    assertEquals(Optional.of(Bytes.of(value)), store.get(RED, text("big")));
  }

  static LongStream seeds() {
    return LongStream.range(0, 20).map(i -> 0x57A7_E000L + i);
  }

  /** Random batches against a sorted map: every get and scan agrees with the model. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  public void agreesWithASortedMapUnderRandomBatches(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Namespace> namespaces = List.of(RED, BLUE);
    Map<Namespace, NavigableMap<Bytes, Bytes>> model = new TreeMap<>();
    namespaces.forEach(n -> model.put(n, new TreeMap<>()));
    for (int round = 0; round < 40; round++) {
      StateBatch.Builder batch = StateBatch.builder();
      int writes = random.nextInt(0, 12);
      for (int w = 0; w < writes; w++) {
        Namespace namespace = namespaces.get(random.nextInt(namespaces.size()));
        NavigableMap<Bytes, Bytes> records = model.get(namespace);
        Bytes key = randomKey(random);
        switch (random.nextInt(10)) {
          case 0 -> {
            KeyRange range = randomRange(random);
            batch.deleteRange(namespace, range);
            records.keySet().removeIf(range::contains);
          }
          case 1, 2, 3 -> {
            batch.delete(namespace, key);
            records.remove(key);
          }
          default -> {
            Bytes value = randomKey(random);
            batch.put(namespace, key, value);
            records.put(key, value);
          }
        }
      }
      store.apply(batch.build());
      for (Namespace namespace : namespaces) {
        NavigableMap<Bytes, Bytes> records = model.get(namespace);
        KeyRange range = randomRange(random);
        int limit = random.nextInt(0, 20);
        List<StateEntry> expected = new ArrayList<>();
        for (Map.Entry<Bytes, Bytes> entry : records.entrySet()) {
          if (range.contains(entry.getKey()) && expected.size() < limit) {
            expected.add(new StateEntry(entry.getKey(), entry.getValue()));
          }
        }
        String context = "seed " + seed + ", round " + round + ", " + namespace + ", " + range + ", limit " + limit;
        assertEquals(expected, store.scan(namespace, range, limit), context);
        Bytes probe = randomKey(random);
        assertEquals(Optional.ofNullable(records.get(probe)), store.get(namespace, probe), context + ", get " + probe);
      }
    }
  }

  /** Short keys over few byte values, so that keys collide, share prefixes and hit 0x00 and 0xff. */
  private static Bytes randomKey(SplittableRandom random) {
    byte[] key = new byte[random.nextInt(0, 4)];
    int[] alphabet = {0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff};
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) alphabet[random.nextInt(alphabet.length)];
    }
    return Bytes.of(key);
  }

  private static KeyRange randomRange(SplittableRandom random) {
    Bytes a = randomKey(random);
    Bytes b = randomKey(random);
    return switch (random.nextInt(4)) {
      case 0 -> KeyRange.prefix(a);
      case 1 -> KeyRange.startingAt(a);
      case 2 -> KeyRange.all();
      default -> a.compareTo(b) <= 0 ? KeyRange.between(a, b) : KeyRange.between(b, a);
    };
  }

  /** A reader never sees part of a batch: every batch sets all ten keys to the same number. */
  @Test
  public void readersNeverSeeHalfABatch() throws InterruptedException {
    int rounds = 300;
    AtomicBoolean done = new AtomicBoolean();
    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    Thread reader =
        Thread.ofPlatform().start(() -> {
          try {
            while (!done.get()) {
              List<StateEntry> entries = store.scan(RED, KeyRange.all(), 100);
              long distinct = entries.stream().map(StateEntry::value).distinct().count();
              if (!(entries.isEmpty() || (entries.size() == 10 && distinct == 1))) {
                problems.add("saw " + entries);
              }
            }
          } catch (RuntimeException e) {
            problems.add(e.toString());
          }
        });
    try {
      for (int round = 0; round < rounds; round++) {
        StateBatch.Builder batch = StateBatch.builder();
        for (int k = 0; k < 10; k++) {
          batch.put(RED, bytes(k), bytes(round >> 8, round));
        }
        store.apply(batch.build());
      }
    } finally {
      done.set(true);
      reader.join();
    }
    assertEquals(List.of(), List.copyOf(problems));
    assertEquals(Optional.of(bytes((rounds - 1) >> 8, rounds - 1)), store.get(RED, bytes(9)));
  }

  @Test
  public void aClosedStoreRefusesEveryCall() {
    store.close();
    assertThrows(StoreException.class, () -> store.get(RED, text("a")));
    assertThrows(StoreException.class, () -> store.scan(RED, KeyRange.all(), 1));
    assertThrows(StoreException.class, () -> store.put(RED, text("a"), text("1")));
    store.close(); // idempotent
  }

  @Test
  public void whatWasAppliedSurvivesReopening() {
    assumeTrue(survivesReopen(), "this store does not outlive its object");
    store.apply(
        StateBatch.builder().put(RED, text("a"), text("1")).put(BLUE, bytes(0xff), text("2")).build());
    store.put(RED, text("b"), text("3"));
    store.delete(RED, text("b"));
    store.close();
    store = reopen();
    assertEquals(Optional.of(text("1")), store.get(RED, text("a")));
    assertEquals(Optional.of(text("2")), store.get(BLUE, bytes(0xff)));
    assertEquals(List.of(text("a")), keys(RED, KeyRange.all()));
    assertTrue(store.scan(BLUE, KeyRange.all(), 10).size() == 1);
  }
}
