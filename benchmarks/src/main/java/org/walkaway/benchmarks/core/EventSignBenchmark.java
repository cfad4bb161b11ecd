package org.walkaway.benchmarks.core;

import java.util.List;
import java.util.SplittableRandom;
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
import org.walkaway.core.Body;
import org.walkaway.core.Event;
import org.walkaway.core.EventBuilder;
import org.walkaway.core.Hash;
import org.walkaway.core.SigningKey;

/**
 * Creating an event: {@link EventBuilder#sign} for the successor of a known event, with a 256-byte
 * body and Walkaway extensions (log id, timestamp, one previous). Includes hashing the body,
 * encoding the extensions and the header twice (unsigned to sign, then signed), one Ed25519
 * signature and hashing the header for the id.
 *
 * <p>Run: {@code benchmarks/run EventSignBenchmark -f 1 -wi 2 -w 2s -i 3 -r 2s}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@State(Scope.Thread)
public class EventSignBenchmark {
  private SigningKey author;
  private Event previous;
  private Body body;
  private List<Hash> dependencies;

  @Setup
  public void setUp() {
    author = Fixtures.author(2);
    previous = Fixtures.chain(author, 1, 21).getFirst();
    SplittableRandom random = new SplittableRandom(22);
    body = Body.of(Fixtures.randomBytes(random, Fixtures.BODY_SIZE));
    dependencies = List.of(Hash.fromBytes(Fixtures.randomBytes(random, Hash.LENGTH)));
  }

  @Benchmark
  public Event signAndEncode() {
    return EventBuilder.following(previous)
        .body(body)
        .timestampMicros(Fixtures.EPOCH_MICROS + 1)
        .previous(dependencies)
        .sign(author);
  }
}
