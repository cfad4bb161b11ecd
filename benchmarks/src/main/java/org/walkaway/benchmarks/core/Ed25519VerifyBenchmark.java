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
  private byte[] message;
  private Signature signature;
  private byte[] signatureBytes;

  @Setup
  public void setUp() {
    Event event = Fixtures.chain(Fixtures.author(1), 2, 11).get(1);
    author = event.author();
    authorBytes = author.bytes().toArray();
    authorPoint = Ed25519.validatePublicKeyPartialExport(authorBytes, 0);
    message = Fixtures.signedMessage(event.headerBytes());
    signature = event.header().signature();
    signatureBytes = signature.bytes().toArray();
    for (boolean verified :
        List.of(publicKeyVerify(), bouncyCastleVerify(), bouncyCastleVerifyDecodedKey())) {
      if (!verified) {
        throw new IllegalStateException("the fixture's signature does not verify; fix the fixture");
      }
    }
  }

  @Benchmark
  public boolean publicKeyVerify() {
    return author.verify(message, signature);
  }

  @Benchmark
  public boolean bouncyCastleVerify() {
    return Ed25519.verify(signatureBytes, 0, authorBytes, 0, message, 0, message.length);
  }

  @Benchmark
  public boolean bouncyCastleVerifyDecodedKey() {
    return Ed25519.verify(signatureBytes, 0, authorPoint, message, 0, message.length);
  }
}
