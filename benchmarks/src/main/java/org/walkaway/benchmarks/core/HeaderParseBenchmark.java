package org.walkaway.benchmarks.core;

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
import org.walkaway.core.DecodeLimits;
import org.walkaway.core.EventCodec;
import org.walkaway.core.Header;
import org.walkaway.core.Verdict;

/**
 * The codec alone: {@link EventCodec#parseHeader} of a header of about 250 bytes with Walkaway
 * extensions, which proves the bytes canonical, reads the fields and parses the extensions, but
 * checks no signature and hashes nothing. Shows what the format costs next to the cryptography.
 *
 * <p>Run: {@code benchmarks/run HeaderParseBenchmark -f 1 -wi 2 -w 2s -i 3 -r 2s}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@State(Scope.Thread)
public class HeaderParseBenchmark {
  private byte[] header;

  @Setup
  public void setUp() {
    header = Fixtures.chain(Fixtures.author(4), 2, 41).get(1).headerBytes().toArray();
    if (!parseHeader().isAccepted()) {
      throw new IllegalStateException("the fixture header does not parse: " + parseHeader());
    }
  }

  @Benchmark
  public Verdict<Header> parseHeader() {
    return EventCodec.parseHeader(header, DecodeLimits.DEFAULT);
  }
}
