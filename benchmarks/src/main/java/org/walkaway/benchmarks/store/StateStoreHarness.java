package org.walkaway.benchmarks.store;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.walkaway.core.Body;
import org.walkaway.core.Bytes;
import org.walkaway.core.Event;
import org.walkaway.core.EventBuilder;
import org.walkaway.core.Hash;
import org.walkaway.core.LogId;
import org.walkaway.core.SigningKey;
import org.walkaway.core.state.KeyRange;
import org.walkaway.core.state.Namespace;
import org.walkaway.core.state.StateBatch;
import org.walkaway.core.state.StateStore;
import org.walkaway.ordering.DependencyView;
import org.walkaway.ordering.DurableOrderer;
import org.walkaway.ordering.MissingListener;
import org.walkaway.ordering.OrderingLimits;
import org.walkaway.ordering.StateBackedOrderingStore;
import org.walkaway.store.sqlite.Durability;
import org.walkaway.store.sqlite.SqliteEventStore;
import org.walkaway.store.sqlite.SqliteOptions;
import org.walkaway.store.sqlite.SqliteStateStore;

/**
 * Wall-clock rate and CPU time per operation ({@link ThreadMXBean}, the measuring thread's) of
 * store-sqlite's {@link SqliteStateStore} and of a {@link DurableOrderer} of signed events over it
 * ({@link StateBackedOrderingStore}), each with {@link Durability#FULL} and {@link Durability#NORMAL}.
 * A plain harness rather than JMH: the durable cases are dominated by fsync, whose time a shared
 * machine makes noisy; the CPU figure is the steadier one. Files go to a fresh temporary directory.
 *
 * <pre>
 *   java --enable-native-access=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
 *       org.walkaway.benchmarks.store.StateStoreHarness
 * </pre>
 */
public final class StateStoreHarness {
  private StateStoreHarness() {}

  static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
  static final Namespace NS = Namespace.of("bench");

  interface Work { void run(int i); }

  static void measure(String name, int ops, int unitsPerOp, Work work) {
    long cpu0 = CPU.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    for (int i = 0; i < ops; i++) work.run(i);
    long wall = System.nanoTime() - t0;
    long cpu = CPU.getCurrentThreadCpuTime() - cpu0;
    long units = (long) ops * unitsPerOp;
    System.out.printf("%-62s %9.0f /s  %8.1f us CPU each  (%d in %.2f s)%n",
        name, units / (wall / 1e9), cpu / 1e3 / units, units, wall / 1e9);
  }

  static Bytes key(long n) {
    return Bytes.of(ByteBuffer.allocate(8).putLong(n).array());
  }

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("walkaway-state-harness");
    try {
      run(dir);
    } finally {
      try (var files = Files.walk(dir)) {
        for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(file);
        }
      }
    }
  }

  private static void run(Path dir) {
    Bytes value = Bytes.of(new byte[100]);
    for (Durability durability : Durability.values()) {
      SqliteOptions options = SqliteOptions.DEFAULT.withDurability(durability);
      try (SqliteEventStore events = SqliteEventStore.open(dir.resolve("state-" + durability + ".db"), options)) {
        StateStore state = SqliteStateStore.sharing(events);
        for (int i = 0; i < 200; i++) state.put(NS, key(-1 - i), value); // warm-up
        measure("apply, 1 put per batch, " + durability, 2_000, 1, i -> state.put(NS, key(i), value));
        measure("apply, 100 puts per batch, " + durability, 200, 100, i -> {
          StateBatch.Builder b = StateBatch.builder();
          for (int k = 0; k < 100; k++) b.put(NS, key(1_000_000L + i * 100L + k), value);
          state.apply(b.build());
        });
        Random random = new Random(1);
        measure("get, random key of 22,000, " + durability, 20_000, 1, i -> state.get(NS, key(1_000_000L + random.nextInt(20_000))));
        measure("scan, 100 records, " + durability, 2_000, 100, i -> state.scan(NS, KeyRange.startingAt(key(1_000_000L + random.nextInt(19_000))), 100));
      }
    }
    // DurableOrderer<Event> over SqliteStateStore: 3 authors in one topic, random arrival order.
    List<SigningKey> authors = List.of(SigningKey.generate(), SigningKey.generate(), SigningKey.generate());
    LogId topic = LogId.ofTopic("bench");
    Random random = new Random(2);
    Map<Integer, Event> newest = new HashMap<>();
    List<Event> all = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      int a = random.nextInt(3);
      Event own = newest.get(a);
      EventBuilder builder = own == null ? EventBuilder.create().logId(topic) : EventBuilder.following(own);
      List<Hash> previous = new ArrayList<>();
      newest.forEach((o, e) -> { if (o != a && random.nextBoolean()) previous.add(e.id()); });
      Event event = builder.previous(previous).body(Body.of(new byte[256])).sign(authors.get(a));
      newest.put(a, event);
      all.add(event);
    }
    for (String order : List.of("in causal order", "shuffled")) {
      List<Event> arrivals = new ArrayList<>(all);
      if (order.equals("shuffled")) Collections.shuffle(arrivals, new Random(3));
      for (Durability durability : Durability.values()) {
        SqliteOptions options = SqliteOptions.DEFAULT.withDurability(durability);
        try (SqliteEventStore events = SqliteEventStore.open(dir.resolve("order-" + order.hashCode() + durability + ".db"), options)) {
          DurableOrderer<Event> orderer = DurableOrderer.open(
              StateBackedOrderingStore.forEvents(SqliteStateStore.sharing(events), StateBackedOrderingStore.NAMESPACE),
              DependencyView.events(), Event::logId, OrderingLimits.DEFAULT, MissingListener.NONE);
          int[] delivered = {0};
          measure("DurableOrderer<Event> over SQLite, " + order + ", " + durability, arrivals.size(), 1,
              i -> orderer.offer(arrivals.get(i), e -> delivered[0]++));
          if (delivered[0] != all.size()) throw new AssertionError(delivered[0]);
        }
        // offerAll: a batch of 100 arrivals (as sync hands over what it fetched) in one store write.
        try (SqliteEventStore events = SqliteEventStore.open(dir.resolve("batch-" + order.hashCode() + durability + ".db"), options)) {
          DurableOrderer<Event> orderer = DurableOrderer.open(
              StateBackedOrderingStore.forEvents(SqliteStateStore.sharing(events), StateBackedOrderingStore.NAMESPACE),
              DependencyView.events(), Event::logId, OrderingLimits.DEFAULT, MissingListener.NONE);
          int[] delivered = {0};
          measure("DurableOrderer<Event>.offerAll(100), " + order + ", " + durability, arrivals.size() / 100, 100,
              i -> orderer.offerAll(arrivals.subList(i * 100, i * 100 + 100), e -> delivered[0]++));
          if (delivered[0] != all.size()) throw new AssertionError(delivered[0]);
        }
      }
    }
  }
}
