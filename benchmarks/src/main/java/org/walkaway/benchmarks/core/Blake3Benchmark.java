package org.walkaway.benchmarks.core;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.digests.Blake3Digest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.walkaway.core.Hash;

/**
 * BLAKE3-256 of a body: {@link Hash#of(byte[])}, as event-core hashes bodies and headers, and Bouncy
 * Castle's {@link Blake3Digest} directly. {@code size} 1024 is the reference figure; 256 is the
 * body size of the ingest benchmarks, to show what hashing adds there. Bytes per second are
 * {@code ops/s × size}.
 *
 * <p>Run: {@code benchmarks/run Blake3Benchmark -f 1 -wi 2 -w 2s -i 3 -r 2s}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@State(Scope.Thread)
public class Blake3Benchmark {
  @Param({"256", "1024"})
  public int size;

  private byte[] data;

  @Setup
  public void setUp() {
    data = Fixtures.randomBytes(new SplittableRandom(5), size);
  }

  @Benchmark
  public Hash hashOf() {
    return Hash.of(data);
  }

  @Benchmark
  public byte[] bouncyCastleDigest() {
    Blake3Digest digest = new Blake3Digest(256);
    digest.update(data, 0, data.length);
    byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return out;
  }
}
