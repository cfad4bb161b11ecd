package org.walkaway.benchmarks.core;

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
import org.walkaway.core.Body;
import org.walkaway.core.Bytes;
import org.walkaway.core.DecodeLimits;
import org.walkaway.core.Event;
import org.walkaway.core.EventCodec;
import org.walkaway.core.Hash;
import org.walkaway.core.Header;
import org.walkaway.core.Verdict;

/**
 * The codec without the signature, to show what the format costs next to the cryptography:
 *
 * <ul>
 *   <li>{@code parseHeader}: {@link EventCodec#parseHeader} of a header of about 250 bytes with
 *       Walkaway extensions, which proves the bytes canonical, reads the fields and parses the
 *       extensions, but checks no signature and hashes nothing;</li>
 *   <li>{@code decodeWithoutSignature}: everything {@link EventCodec#decode(byte[], byte[])} does
 *       except verifying the signature, rebuilt from public API: parse, check the 256-byte body
 *       against the header (BLAKE3), hash the header for the id, make the {@link Event}.</li>
 * </ul>
 *
 * {@code EventIngestBenchmark.decodeVerifyValidate} minus {@code decodeWithoutSignature} (in time
 * per operation) is what verification costs inside decode.
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
  private byte[] body;

  @Setup
  public void setUp() {
    Event event = Fixtures.chain(Fixtures.author(4), 2, 41).get(1);
    header = event.headerBytes().toArray();
    body = event.body().orElseThrow().bytes().toArray();
    if (!decodeWithoutSignature().id().equals(event.id())) {
      throw new IllegalStateException("decodeWithoutSignature does not rebuild the fixture event");
    }
    if (!parseHeader().isAccepted()) {
      throw new IllegalStateException("the fixture header does not parse: " + parseHeader());
    }
  }

  @Benchmark
  public Verdict<Header> parseHeader() {
    return EventCodec.parseHeader(header, DecodeLimits.DEFAULT);
  }

  @Benchmark
  public Event decodeWithoutSignature() {
    Header parsed = EventCodec.parseHeader(header, DecodeLimits.DEFAULT).orElseThrow();
    Body attached = EventCodec.checkBody(parsed, Body.of(body)).orElseThrow();
    return new Event(Hash.of(header), parsed, Bytes.of(header), Optional.of(attached));
  }
}
