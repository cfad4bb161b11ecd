package org.walkaway.benchmarks.core;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.walkaway.core.Event;
import org.walkaway.core.EventCodec;
import org.walkaway.core.Rejection;
import org.walkaway.core.Verdict;
import org.walkaway.core.store.AppendResult;
import org.walkaway.core.store.InMemoryEventStore;
import org.walkaway.core.store.LogValidation;

/**
 * Taking in one event from the wire, on one core:
 *
 * <ul>
 *   <li>{@code decodeVerifyValidate}: {@link EventCodec#decode(byte[], byte[])} (canonical CBOR,
 *       extensions, strict Ed25519, body size and BLAKE3 hash, id) then
 *       {@link LogValidation#check} against the predecessor, which is at hand;</li>
 *   <li>{@code decodeVerifyAppend}: the same decode, then {@link InMemoryEventStore#append}, which
 *       looks the predecessor up, validates and indexes the event.</li>
 * </ul>
 *
 * Each invocation takes the next event of a pre-signed log of {@value #LOG_LENGTH} distinct events,
 * so nothing is a duplicate. The append variant starts a fresh store each time the log starts over
 * (at seq 0, one invocation in {@value #LOG_LENGTH}), and fails the run if any append is not
 * {@link AppendResult.Appended}, so it can never measure the cheap duplicate path by accident.
 *
 * <p>Compare with {@link Ed25519VerifyBenchmark} from the same run: the signature is the bulk of
 * the work, and the target is ingest at 85% or more of the raw verification rate.
 *
 * <p>Run: {@code benchmarks/run 'EventIngestBenchmark|Ed25519VerifyBenchmark' -f 1 -wi 2 -w 2s -i 3 -r 2s}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@State(Scope.Thread)
public class EventIngestBenchmark {
  static final int LOG_LENGTH = 4096;

  private List<Event> log;
  private byte[][] headers;
  private byte[][] bodies;
  private int next;
  private InMemoryEventStore store;

  /** The log this benchmark decodes; {@link Ed25519VerifyBenchmark} verifies its signatures. */
  static List<Event> log() {
    return Fixtures.chain(Fixtures.author(3), LOG_LENGTH, 31);
  }

  @Setup
  public void setUp() {
    log = log();
    headers = new byte[LOG_LENGTH][];
    bodies = new byte[LOG_LENGTH][];
    for (int i = 0; i < LOG_LENGTH; i++) {
      headers[i] = log.get(i).headerBytes().toArray();
      bodies[i] = log.get(i).body().orElseThrow().bytes().toArray();
    }
    store = new InMemoryEventStore();
  }

  @Benchmark
  public Optional<Rejection> decodeVerifyValidate() {
    int i = advance();
    Event event = decode(i);
    Optional<Rejection> rejection =
        LogValidation.check(event, i == 0 ? Optional.empty() : Optional.of(log.get(i - 1)));
    if (rejection.isPresent()) {
      throw new IllegalStateException("a fixture event was rejected: " + rejection.get());
    }
    return rejection;
  }

  @Benchmark
  public AppendResult decodeVerifyAppend() {
    int i = advance();
    if (i == 0) {
      store = new InMemoryEventStore();
    }
    AppendResult result = store.append(decode(i));
    if (!(result instanceof AppendResult.Appended)) {
      throw new IllegalStateException("measured " + result + " instead of an append; fix the benchmark");
    }
    return result;
  }

  private int advance() {
    int i = next;
    next = i + 1 == LOG_LENGTH ? 0 : i + 1;
    return i;
  }

  private Event decode(int i) {
    return switch (EventCodec.decode(headers[i], bodies[i])) {
      case Verdict.Accepted<Event>(Event event) -> event;
      case Verdict.Rejected<Event>(Rejection rejection) ->
          throw new IllegalStateException("a fixture event was rejected: " + rejection);
    };
  }
}
