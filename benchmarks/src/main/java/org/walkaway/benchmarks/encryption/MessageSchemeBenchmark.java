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
import org.walkaway.core.PublicKey;
import org.walkaway.core.SigningKey;
import org.walkaway.encryption.MessageScheme;
import org.walkaway.encryption.RatchetLimits;
import org.walkaway.encryption.SymmetricKey;

/**
 * Sealing and opening an event body with the message scheme ({@link MessageScheme}): one ratchet
 * step (HKDF-Expand) for the message key, one HKDF for commitment and subkey, XChaCha20-Poly1305
 * (Bouncy Castle), and the envelope's CBOR. MB/s are {@code ops/s × size / 10^6}.
 *
 * <p>{@code seal} advances the sender's chain every call, as a real sender does. {@code open} must
 * open each message once (a second open is a replay), so it opens a batch of {@value #BATCH}
 * messages sealed in setup, in order, and re-seeds the receiver from the update secret every
 * {@value #BATCH} calls (one HKDF, amortised to nothing). Nonces come from a seeded generator so
 * that the figure measures the scheme, not {@code SecureRandom}.
 *
 * <p>Run: {@code benchmarks/run MessageSchemeBenchmark -f 1 -wi 2 -w 2s -i 3 -r 2s -prof org.walkaway.benchmarks.CpuTimeProfiler}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@State(Scope.Thread)
public class MessageSchemeBenchmark {
  static final int BATCH = 256;

  @Param({"1024", "65536"})
  public int size;

  private final SplittableRandom random = new SplittableRandom(19);
  private final LogId log = LogId.ofTopic("bench");
  private PublicKey author;
  private SymmetricKey secret;
  private MessageScheme sender;
  private MessageScheme receiver;
  private byte[] body;
  private Bytes[] sealed;
  private long sealSeq;
  private int openIndex;

  @Setup
  public void setUp() {
    author = SigningKey.generate(random).publicKey();
    secret = SymmetricKey.generate(random);
    body = new byte[size];
    random.nextBytes(body);
    MessageScheme batchSender = new MessageScheme(author, RatchetLimits.DEFAULT);
    batchSender.startSending(0, secret);
    sealed = new Bytes[BATCH];
    for (int i = 0; i < BATCH; i++) {
      sealed[i] = batchSender.seal(log, i, body, random);
    }
    sender = new MessageScheme(author, RatchetLimits.DEFAULT);
    sender.startSending(1, SymmetricKey.generate(random));
    newReceiver();
  }

  private void newReceiver() {
    receiver = new MessageScheme(SigningKey.generate(random).publicKey(), RatchetLimits.DEFAULT);
    receiver.addSender(author, 0, secret);
    openIndex = 0;
  }

  @Benchmark
  public Bytes seal() {
    return sender.seal(log, sealSeq++, body, random);
  }

  @Benchmark
  public byte[] open() {
    if (openIndex == BATCH) {
      newReceiver();
    }
    int i = openIndex++;
    return receiver.open(author, log, i, sealed[i]).orElseThrow();
  }
}
