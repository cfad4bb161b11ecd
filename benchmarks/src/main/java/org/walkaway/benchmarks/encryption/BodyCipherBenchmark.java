package org.walkaway.benchmarks.encryption;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
import org.walkaway.core.Bytes;
import org.walkaway.core.LogId;
import org.walkaway.core.SigningKey;
import org.walkaway.encryption.BodyCipher;
import org.walkaway.encryption.BodyContext;
import org.walkaway.encryption.KeyId;
import org.walkaway.encryption.SymmetricKey;

/**
 * Sealing and opening an event body with {@link BodyCipher} (key-committing XChaCha20-Poly1305:
 * one HKDF-SHA256 for commitment and subkey, then Bouncy Castle's XChaCha20-Poly1305). MB/s are
 * {@code ops/s × size / 10^6}. The nonce comes from a seeded generator so that the figure measures
 * the cipher, not {@code SecureRandom}.
 *
 * <p>Run: {@code benchmarks/run BodyCipherBenchmark -f 1 -wi 2 -w 2s -i 3 -r 2s}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@State(Scope.Thread)
public class BodyCipherBenchmark {
  @Param({"256", "16384", "1048576"})
  public int size;

  private final SplittableRandom random = new SplittableRandom(6);
  private SymmetricKey key;
  private BodyContext context;
  private byte[] body;
  private Bytes sealed;

  @Setup
  public void setUp() {
    key = SymmetricKey.generate(random);
    context = new BodyContext(SigningKey.generate(random).publicKey(), LogId.ofTopic("bench"), 1, KeyId.of(new byte[16]));
    body = new byte[size];
    random.nextBytes(body);
    sealed = BodyCipher.seal(key, context, body, random);
  }

  @Benchmark
  public Bytes seal() {
    return BodyCipher.seal(key, context, body, random);
  }

  @Benchmark
  public byte[] open() {
    return BodyCipher.open(key, context, sealed).orElseThrow();
  }
}
