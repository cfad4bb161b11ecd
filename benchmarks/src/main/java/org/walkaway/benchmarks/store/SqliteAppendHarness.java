package org.walkaway.benchmarks.store;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.walkaway.core.Event;
import org.walkaway.core.store.AppendResult;
import org.walkaway.store.sqlite.Durability;
import org.walkaway.store.sqlite.SqliteEventStore;
import org.walkaway.store.sqlite.SqliteOptions;

/**
 * Durable batched appends to a {@link SqliteEventStore}, measured by the appending thread's CPU
 * time ({@link ThreadMXBean}) next to the wall-clock rate. A plain harness rather than JMH, for two
 * reasons: events are signed once for all rounds (JMH's benchmark signs 200,000 per trial, minutes
 * on a busy 2-core machine), and on a shared machine the CPU per event is the figure that survives
 * the neighbours. Each round appends every event, {@code appendAll} of 1,000 from one log at a
 * time (8 logs round-robin), to a fresh file with {@link Durability#FULL}.
 *
 * <p>With a second argument {@code prefill}, each file first gets that many extra event rows,
 * written by SQL straight into the tables (random ids, headers and bodies, in a log of their own):
 * the appends then meet an id index far larger than a batch, as in a store that has been in use.
 * That SQL knows the schema of version 1; adjust it if the schema changes.
 *
 * <pre>
 *   java --enable-native-access=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
 *       org.walkaway.benchmarks.store.SqliteAppendHarness [rounds=4] [prefill=0]
 * </pre>
 */
public final class SqliteAppendHarness {
  private SqliteAppendHarness() {}

  private static final int LOGS = 8;
  private static final int PER_LOG = 10_000;
  private static final int BATCH = 1_000;

  public static void main(String[] args) throws SQLException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 4;
    int prefill = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    List<Event> events = StoreFixtures.interleave(StoreFixtures.chains(LOGS, PER_LOG, 42), BATCH);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    OperatingSystemMXBean system = ManagementFactory.getOperatingSystemMXBean();
    Path dir = StoreFixtures.tempDir();
    try {
      for (int round = 0; round < rounds; round++) {
        Path file = dir.resolve("events-" + round + ".db");
        if (prefill > 0) {
          prefill(file, prefill);
        }
        try (SqliteEventStore store =
            SqliteEventStore.open(file, SqliteOptions.DEFAULT.withDurability(Durability.FULL))) {
          long cpu = threads.getCurrentThreadCpuTime();
          long wall = System.nanoTime();
          for (int from = 0; from < events.size(); from += BATCH) {
            List<AppendResult> results = store.appendAll(events.subList(from, from + BATCH));
            if (!results.getLast().isAppended()) {
              throw new IllegalStateException("not appended: " + results.getLast());
            }
          }
          wall = System.nanoTime() - wall;
          cpu = threads.getCurrentThreadCpuTime() - cpu;
          System.out.printf(
              "round %d: %,d events on %,d: %,.0f events/s, %.1f µs CPU per event, load %.2f%n",
              round, events.size(), prefill, events.size() / (wall / 1e9),
              cpu / 1e3 / events.size(), system.getSystemLoadAverage());
        }
      }
    } finally {
      StoreFixtures.delete(dir);
    }
  }

  private static void prefill(Path file, int rows) throws SQLException {
    SqliteEventStore.open(file).close(); // creates the schema
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA synchronous = OFF"); // setting up, not measured
      statement.execute(
          "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + rows + ")"
              + " INSERT INTO events (log, seq, id_prefix, id, header)"
              + " SELECT 1000000, i, random(), randomblob(32), randomblob(250) FROM n");
      statement.execute("INSERT INTO bodies (event, body) SELECT event, randomblob(256) FROM events");
      statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    }
  }
}
