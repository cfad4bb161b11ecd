package org.walkaway.benchmarks.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.walkaway.core.DecodeLimits;
import org.walkaway.core.Event;
import org.walkaway.core.RawEvent;
import org.walkaway.core.Verdict;
import org.walkaway.core.processor.ParallelDecoder;

/**
 * Verifying a batch of {@value #BATCH} events (4 authors × 256, with bodies) with
 * {@link ParallelDecoder} on a fixed pool of {@code threads} threads. The score is events per
 * second ({@link OperationsPerInvocation}), so {@code threads=2} against {@code threads=1} is the
 * scaling across the two cores; the ideal is 2.0 on an otherwise idle machine.
 *
 * <p>Run: {@code benchmarks/run ParallelDecodeBenchmark -f 1 -wi 2 -w 2s -i 3 -r 2s}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@State(Scope.Benchmark)
public class ParallelDecodeBenchmark {
  static final int BATCH = 1024;
  static final int AUTHORS = 4;

  @Param({"1", "2"})
  public int threads;

  private ExecutorService pool;
  private ParallelDecoder decoder;
  private List<RawEvent> batch;

  @Setup
  public void setUp() {
    List<RawEvent> events = new ArrayList<>(BATCH);
    for (int a = 0; a < AUTHORS; a++) {
      Fixtures.chain(Fixtures.author(60 + a), BATCH / AUTHORS, 61 + a).stream()
          .map(RawEvent::of)
          .forEach(events::add);
    }
    batch = List.copyOf(events);
    // Daemon threads, so that a failed run cannot leave the forked JVM hanging.
    pool =
        Executors.newFixedThreadPool(
            threads, Thread.ofPlatform().name("decoder-", 0).daemon().factory());
    decoder = new ParallelDecoder(pool, threads, DecodeLimits.DEFAULT);
  }

  @TearDown
  public void tearDown() {
    pool.shutdownNow();
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public List<Verdict<Event>> decodeBatch() throws InterruptedException {
    List<Verdict<Event>> verdicts = decoder.decodeAll(batch);
    for (Verdict<Event> verdict : verdicts) {
      if (!verdict.isAccepted()) {
        throw new IllegalStateException("a fixture event was rejected: " + verdict);
      }
    }
    return verdicts;
  }
}
