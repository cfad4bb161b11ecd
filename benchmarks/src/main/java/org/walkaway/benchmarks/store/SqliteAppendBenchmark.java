package org.walkaway.benchmarks.store;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.walkaway.core.Event;
import org.walkaway.core.store.AppendResult;
import org.walkaway.store.sqlite.Durability;
import org.walkaway.store.sqlite.SqliteEventStore;
import org.walkaway.store.sqlite.SqliteOptions;

/**
 * Durable appends to a {@link SqliteEventStore} file: one event per call ({@code appendOne}: one
 * transaction and, with {@code FULL}, one fsync each) and {@link SqliteEventStore#appendAll} batches
 * of 100 and 1,000 events.
 * The score is <b>events per second</b> (one JMH operation is one event). Each iteration starts
 * from an empty store; events are signed beforehand, eight logs appended round-robin in runs of
 * one batch.
 *
 * <p>Run: {@code benchmarks/run SqliteAppendBenchmark -f 1 -wi 1 -i 3 -r 1s}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
@State(Scope.Thread)
public class SqliteAppendBenchmark {
  private static final int LOGS = 8;

  @Param({"FULL", "NORMAL"})
  public Durability durability;

  private int batch;
  private List<Event> events;
  private Path dir;
  private SqliteEventStore store;
  private int next;
  private int iteration;

  @Setup(Level.Trial)
  public void sign(BenchmarkParams params) {
    String method = params.getBenchmark();
    batch = method.endsWith("appendBatch1000") ? 1000 : method.endsWith("appendBatch100") ? 100 : 1;
    // Enough for a second of appends at well above the measured rates; a run that outgrows it stops
    // with a message rather than measuring something else.
    int perLog = batch == 1 ? 6_000 : 25_000;
    events = StoreFixtures.interleave(StoreFixtures.chains(LOGS, perLog, 42), batch);
    dir = StoreFixtures.tempDir();
  }

  @Setup(Level.Iteration)
  public void open() {
    store =
        SqliteEventStore.open(
            dir.resolve("events-" + iteration++ + ".db"), SqliteOptions.DEFAULT.withDurability(durability));
    next = 0;
  }

  @TearDown(Level.Iteration)
  public void close() {
    store.close();
  }

  @TearDown(Level.Trial)
  public void cleanUp() {
    StoreFixtures.delete(dir);
  }

  /** One event per call: one transaction each. */
  @Benchmark
  public AppendResult appendOne() {
    checkLeft();
    return store.append(events.get(next++));
  }

  /** Batches of 100 events of one log, one transaction each. */
  @Benchmark
  @OperationsPerInvocation(100)
  public List<AppendResult> appendBatch100() {
    return appendBatch();
  }

  /** Batches of 1,000 events of one log, one transaction each. */
  @Benchmark
  @OperationsPerInvocation(1000)
  public List<AppendResult> appendBatch1000() {
    return appendBatch();
  }

  private List<AppendResult> appendBatch() {
    checkLeft();
    List<AppendResult> results = store.appendAll(events.subList(next, next + batch));
    next += batch;
    return results;
  }

  private void checkLeft() {
    if (next >= events.size()) {
      throw new IllegalStateException(
          "appended all " + events.size() + " pre-signed events within one iteration; raise perLog");
    }
  }
}
