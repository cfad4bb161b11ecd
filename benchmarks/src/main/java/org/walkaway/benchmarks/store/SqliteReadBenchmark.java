package org.walkaway.benchmarks.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.walkaway.core.Event;
import org.walkaway.core.Hash;
import org.walkaway.core.LogId;
import org.walkaway.core.LogKey;
import org.walkaway.core.PublicKey;
import org.walkaway.core.SigningKey;
import org.walkaway.store.sqlite.Durability;
import org.walkaway.store.sqlite.SqliteEventStore;
import org.walkaway.store.sqlite.SqliteOptions;

/**
 * Reads from a {@link SqliteEventStore} file holding 100,000 events in 10 long logs plus 10,000
 * one-event logs (100 authors with 100 log ids each): an event by id, 100 events of a log by
 * range, the newest event of a log, and log heights: of all 10,000 log ids at once (one call
 * returning 10,000 heights) and of one author's 100 logs. Operations per second.
 *
 * <p>Run: {@code benchmarks/run SqliteReadBenchmark -f 1 -wi 1 -i 3 -r 1s}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
@State(Scope.Benchmark)
public class SqliteReadBenchmark {
  private static final int LONG_LOGS = 10;
  private static final int LONG_LOG_LENGTH = 10_000;
  private static final int AUTHORS = 100;
  private static final int LOG_IDS_PER_AUTHOR = 100;

  private Path dir;
  private SqliteEventStore store;
  private List<Hash> ids;
  private List<LogKey> longLogs;
  private List<LogId> shortLogIds;
  private List<PublicKey> shortLogAuthors;

  @Setup(Level.Trial)
  public void fill() {
    dir = StoreFixtures.tempDir();
    List<List<Event>> chains = StoreFixtures.chains(LONG_LOGS, LONG_LOG_LENGTH, 7);
    shortLogIds = new ArrayList<>();
    for (int i = 0; i < LOG_IDS_PER_AUTHOR; i++) {
      shortLogIds.add(LogId.ofTopic("short " + i));
    }
    List<SigningKey> authors =
        java.util.stream.IntStream.range(0, AUTHORS).mapToObj(i -> StoreFixtures.author(1_000 + i)).toList();
    List<List<Event>> shortLogs =
        authors.parallelStream()
            .map(author -> shortLogIds.stream().map(id -> StoreFixtures.chain(author, id, 1, 3).getFirst()).toList())
            .toList();
    Path file = dir.resolve("events.db");
    try (SqliteEventStore filling =
        SqliteEventStore.open(file, SqliteOptions.DEFAULT.withDurability(Durability.NORMAL))) {
      List<Event> all = StoreFixtures.interleave(chains, 1_000);
      for (int from = 0; from < all.size(); from += 1_000) {
        filling.appendAll(all.subList(from, Math.min(all.size(), from + 1_000)));
      }
      for (List<Event> events : shortLogs) {
        filling.appendAll(events);
      }
    }
    store = SqliteEventStore.open(file);
    ids = chains.stream().flatMap(List::stream).map(Event::id).toList();
    longLogs = chains.stream().map(chain -> chain.getFirst().logKey()).toList();
    shortLogAuthors = authors.stream().map(SigningKey::publicKey).toList();
  }

  @TearDown(Level.Trial)
  public void close() {
    store.close();
    StoreFixtures.delete(dir);
  }

  /** Per-thread randomness, so that threads do not share a generator. */
  @State(Scope.Thread)
  public static class Cursor {
    final SplittableRandom random = new SplittableRandom(11);
  }

  @Benchmark
  public Optional<Event> getById(Cursor cursor) {
    return store.get(ids.get(cursor.random.nextInt(ids.size())));
  }

  @Benchmark
  public List<Event> range100(Cursor cursor) {
    LogKey log = longLogs.get(cursor.random.nextInt(longLogs.size()));
    long from = cursor.random.nextInt(LONG_LOG_LENGTH - 100);
    return store.range(log, from, from + 99);
  }

  @Benchmark
  public Optional<Event> latest(Cursor cursor) {
    return store.latest(longLogs.get(cursor.random.nextInt(longLogs.size())));
  }

  /** One call, 10,000 heights: every short log id of every author. */
  @Benchmark
  public Map<LogKey, Long> heightsOf10000Logs() {
    return store.heights(shortLogIds);
  }

  @Benchmark
  public Map<LogKey, Long> heightsOfOneAuthor(Cursor cursor) {
    return store.heights(shortLogAuthors.get(cursor.random.nextInt(AUTHORS)));
  }
}
