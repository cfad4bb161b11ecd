package org.walkaway.benchmarks.core;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.IntPredicate;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.walkaway.core.Body;
import org.walkaway.core.Bytes;
import org.walkaway.core.DecodeLimits;
import org.walkaway.core.Event;
import org.walkaway.core.EventCodec;
import org.walkaway.core.Hash;
import org.walkaway.core.Header;
import org.walkaway.core.PublicKey;
import org.walkaway.core.Signature;
import org.walkaway.core.Verdict;
import org.walkaway.core.store.InMemoryEventStore;
import org.walkaway.core.store.LogValidation;

/**
 * A paired check of the ingest target for machines too busy for JMH's one-after-the-other runs:
 * the ratio of {@code decode+verify+validate} to raw Ed25519 verification, measured with the two
 * interleaved in short slices, so that whatever else the machine is doing hits both alike.
 *
 * <p>JMH measures each benchmark in its own window of seconds; on a shared 2-core machine the
 * neighbours' load changes between those windows and the ratio of two scores can be off by tens of
 * percent. Here every round runs each operation for {@value #SLICE_MILLIS} ms, in a rotating order,
 * and computes the ratios within the round; the median over {@value #ROUNDS} rounds is robust to a
 * few disturbed rounds. Rates come from wall time and, as a cross-check, from the thread's CPU time.
 *
 * <p>It is not a substitute for the JMH benchmarks ({@link EventIngestBenchmark},
 * {@link Ed25519VerifyBenchmark}) that use the same operations and fixtures: it has none of JMH's
 * guards, which matters little here only because each operation takes about 100 µs and its result
 * is consumed.
 *
 * <p>Run: {@code "$(bin/find-jdk)/bin/java" -cp benchmarks/target/benchmarks.jar
 * org.walkaway.benchmarks.core.InterleavedIngestRatio} (about a minute)
 */
public final class InterleavedIngestRatio {
  static final int ROUNDS = 30;
  static final int SLICE_MILLIS = 250;
  static final int WARMUP_SECONDS = 12;
  /** How many of the first {@link #operations()} are verification baselines to compare with. */
  private static final int BASELINES = 4;

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

  private final List<Event> log = EventIngestBenchmark.log();
  private final byte[][] headers = new byte[log.size()][];
  private final byte[][] bodies = new byte[log.size()][];
  private final byte[][] messages = new byte[log.size()][];
  private final Signature[] signatures = new Signature[log.size()];
  private final byte[][] signatureBytes = new byte[log.size()][];
  private final PublicKey author = log.getFirst().author();
  private final byte[] authorBytes = author.bytes().toArray();
  private final Ed25519.PublicPoint authorPoint =
      Ed25519.validatePublicKeyPartialExport(authorBytes, 0);
  private InMemoryEventStore store = new InMemoryEventStore();
  private long sink;

  private InterleavedIngestRatio() {
    for (int i = 0; i < log.size(); i++) {
      headers[i] = log.get(i).headerBytes().toArray();
      bodies[i] = log.get(i).body().orElseThrow().bytes().toArray();
      messages[i] = Fixtures.signedMessage(log.get(i).headerBytes());
      signatures[i] = log.get(i).header().signature();
      signatureBytes[i] = signatures[i].bytes().toArray();
    }
  }

  private record Operation(String name, IntPredicate body) {}

  private List<Operation> operations() {
    return List.of(
        new Operation(
            "bouncyCastleVerify",
            i -> Ed25519.verify(
                signatureBytes[i], 0, authorBytes, 0, messages[i], 0, messages[i].length)),
        new Operation(
            "bouncyCastleVerifyDecodedKey",
            i -> Ed25519.verify(
                signatureBytes[i], 0, authorPoint, messages[i], 0, messages[i].length)),
        new Operation("publicKeyVerify", i -> author.verify(messages[i], signatures[i])),
        // The same signature every time: how much the branch predictor learns from one input.
        new Operation(
            "bouncyCastleVerifyDecodedKey, one signature",
            i -> Ed25519.verify(
                signatureBytes[1], 0, authorPoint, messages[1], 0, messages[1].length)),
        new Operation("decodeWithoutSignature", this::decodeWithoutSignature),
        new Operation("decodeVerifyAppend", this::decodeVerifyAppend),
        // Last: the ratios are of this one.
        new Operation("decodeVerifyValidate", this::decodeVerifyValidate));
  }

  /** As in {@code EventIngestBenchmark}: a fresh store whenever the log starts over. */
  private boolean decodeVerifyAppend(int i) {
    if (i == 0) {
      store = new InMemoryEventStore();
    }
    return EventCodec.decode(headers[i], bodies[i]) instanceof Verdict.Accepted<Event>(Event event)
        && store.append(event).isAppended();
  }

  /** Everything decode does except the signature (as in {@code HeaderParseBenchmark}). */
  private boolean decodeWithoutSignature(int i) {
    Header parsed = EventCodec.parseHeader(headers[i], DecodeLimits.DEFAULT).orElseThrow();
    Body attached = EventCodec.checkBody(parsed, Body.of(bodies[i])).orElseThrow();
    return new Event(Hash.of(headers[i]), parsed, Bytes.of(headers[i]), Optional.of(attached))
        .seqNum() == i;
  }

  private boolean decodeVerifyValidate(int i) {
    return EventCodec.decode(headers[i], bodies[i]) instanceof Verdict.Accepted<Event>(Event event)
        && LogValidation.check(event, i == 0 ? Optional.empty() : Optional.of(log.get(i - 1)))
            .isEmpty();
  }

  /** Runs {@code operation} for about {@code millis}; returns {ops, wall ns, cpu ns}. */
  private long[] slice(Operation operation, long millis) {
    long deadline = System.nanoTime() + millis * 1_000_000;
    long cpuStart = threads.getCurrentThreadCpuTime();
    long wallStart = System.nanoTime();
    long ops = 0;
    long now;
    do {
      for (int k = 0; k < 16; k++) {
        int i = (int) (ops++ % headers.length);
        if (!operation.body().test(i)) {
          throw new IllegalStateException(operation.name() + " rejected fixture event " + i);
        }
        sink += i;
      }
      now = System.nanoTime();
    } while (now < deadline);
    return new long[] {ops, now - wallStart, threads.getCurrentThreadCpuTime() - cpuStart};
  }

  private void run() {
    List<Operation> operations = operations();
    int n = operations.size();
    int ingest = n - 1;
    long warmupEnd = System.nanoTime() + WARMUP_SECONDS * 1_000_000_000L;
    while (System.nanoTime() < warmupEnd) {
      for (Operation operation : operations) {
        slice(operation, 100);
      }
    }
    double[][] wallRates = new double[n][ROUNDS];
    double[][] cpuRates = new double[n][ROUNDS];
    for (int round = 0; round < ROUNDS; round++) {
      for (int k = 0; k < n; k++) {
        int o = (round + k) % n; // rotate, so that no operation always runs first or last
        long[] r = slice(operations.get(o), SLICE_MILLIS);
        wallRates[o][round] = r[0] * 1e9 / r[1];
        cpuRates[o][round] = r[0] * 1e9 / r[2];
      }
    }
    System.out.printf(Locale.ROOT, "%d rounds of %d ms per operation, after %d s of warm-up%n",
        ROUNDS, SLICE_MILLIS, WARMUP_SECONDS);
    System.out.printf(Locale.ROOT, "%-44s %11s %11s %9s   %s%n", "operation", "wall ops/s",
        "cpu ops/s", "cpu µs/op", "(medians; quartiles of wall ops/s)");
    for (int o = 0; o < n; o++) {
      double[] q = quartiles(wallRates[o]);
      double cpu = quartiles(cpuRates[o])[1];
      System.out.printf(Locale.ROOT, "%-44s %11.0f %11.0f %9.1f   (%.0f .. %.0f)%n",
          operations.get(o).name(), q[1], cpu, 1e6 / cpu, q[0], q[2]);
    }
    System.out.printf(Locale.ROOT, "%n%-67s %8s %8s   %s%n", "ratio, per round", "wall", "cpu",
        "(quartiles of wall)");
    for (int o = 0; o < BASELINES; o++) {
      double[] wall = new double[ROUNDS];
      double[] cpu = new double[ROUNDS];
      for (int round = 0; round < ROUNDS; round++) {
        wall[round] = wallRates[ingest][round] / wallRates[o][round];
        cpu[round] = cpuRates[ingest][round] / cpuRates[o][round];
      }
      double[] q = quartiles(wall);
      System.out.printf(Locale.ROOT, "%-67s %7.1f%% %7.1f%%   (%.1f%% .. %.1f%%)%n",
          "decodeVerifyValidate / " + operations.get(o).name(), 100 * q[1], 100 * quartiles(cpu)[1],
          100 * q[0], 100 * q[2]);
    }
    if (sink == 42) {
      System.out.println(); // keeps the JIT from proving the results unused
    }
  }

  private static double[] quartiles(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return new double[] {at(sorted, 0.25), at(sorted, 0.5), at(sorted, 0.75)};
  }

  private static double at(double[] sorted, double q) {
    double index = q * (sorted.length - 1);
    int low = (int) Math.floor(index);
    int high = (int) Math.ceil(index);
    return sorted[low] + (sorted[high] - sorted[low]) * (index - low);
  }

  public static void main(String[] args) {
    new InterleavedIngestRatio().run();
  }
}
