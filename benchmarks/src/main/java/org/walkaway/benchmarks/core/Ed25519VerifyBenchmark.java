package org.walkaway.benchmarks.core;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
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
import org.walkaway.core.PublicKey;
import org.walkaway.core.Signature;

/**
 * One Ed25519 verification of a header's signed bytes (about 190 bytes), three ways:
 *
 * <ul>
 *   <li>{@code publicKeyVerify}: what event-core does, {@link PublicKey#verify(byte[], Signature)}
 *       with its strict checks ({@code S < L}, no small-order key or {@code R}) and its cache of
 *       decoded public points;</li>
 *   <li>{@code bouncyCastleVerify}: Bouncy Castle's RFC 8032 verify from the key's 32 bytes, no
 *       extra checks: the baseline any Java implementation starts from;</li>
 *   <li>{@code bouncyCastleVerifyDecodedKey}: the same with the public point decoded once in
 *       advance, the fastest Bouncy Castle can verify one signature.</li>
 * </ul>
 *
 * The difference between the first and the last is the cost of the strict checks and the cache
 * lookup; the difference between the last two is what the cache saves.
 *
 * <p>Each invocation verifies the next of the {@value EventIngestBenchmark#LOG_LENGTH} signatures
 * of the log {@link EventIngestBenchmark} decodes (same author, same seeds). Verifying one
 * signature over and over would be optimistic: Bouncy Castle's verification is variable-time, and
 * the CPU's branch predictor learns the branches of a single input, which made it 5-20% faster than
 * on distinct signatures in our runs ({@link InterleavedIngestRatio} shows both), and would make
 * the ingest benchmark, which cannot repeat an input, look worse against it than it is.
 *
 * <p>Run: {@code benchmarks/run Ed25519VerifyBenchmark -f 1 -wi 2 -w 2s -i 3 -r 2s}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@State(Scope.Thread)
public class Ed25519VerifyBenchmark {
  private PublicKey author;
  private byte[] authorBytes;
  private Ed25519.PublicPoint authorPoint;
  private byte[][] messages;
  private Signature[] signatures;
  private byte[][] signatureBytes;
  private int next;

  @Setup
  public void setUp() {
    List<Event> log = EventIngestBenchmark.log();
    author = log.getFirst().author();
    authorBytes = author.bytes().toArray();
    authorPoint = Ed25519.validatePublicKeyPartialExport(authorBytes, 0);
    messages = new byte[log.size()][];
    signatures = new Signature[log.size()];
    signatureBytes = new byte[log.size()][];
    for (int i = 0; i < log.size(); i++) {
      messages[i] = Fixtures.signedMessage(log.get(i).headerBytes());
      signatures[i] = log.get(i).header().signature();
      signatureBytes[i] = signatures[i].bytes().toArray();
    }
    for (int i = 0; i < log.size(); i++) {
      byte[] m = messages[i];
      if (!author.verify(m, signatures[i])
          || !Ed25519.verify(signatureBytes[i], 0, authorBytes, 0, m, 0, m.length)
          || !Ed25519.verify(signatureBytes[i], 0, authorPoint, m, 0, m.length)) {
        throw new IllegalStateException("fixture signature " + i + " does not verify; fix the fixture");
      }
    }
  }

  @Benchmark
  public boolean publicKeyVerify() {
    int i = advance();
    return author.verify(messages[i], signatures[i]);
  }

  @Benchmark
  public boolean bouncyCastleVerify() {
    int i = advance();
    return Ed25519.verify(signatureBytes[i], 0, authorBytes, 0, messages[i], 0, messages[i].length);
  }

  @Benchmark
  public boolean bouncyCastleVerifyDecodedKey() {
    int i = advance();
    return Ed25519.verify(signatureBytes[i], 0, authorPoint, messages[i], 0, messages[i].length);
  }

  private int advance() {
    int i = next;
    next = i + 1 == messages.length ? 0 : i + 1;
    return i;
  }
}
