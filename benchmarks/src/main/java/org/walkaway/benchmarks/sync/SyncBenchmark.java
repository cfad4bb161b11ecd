package org.walkaway.benchmarks.sync;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.walkaway.core.Body;
import org.walkaway.core.Event;
import org.walkaway.core.EventBuilder;
import org.walkaway.core.LogId;
import org.walkaway.core.SigningKey;
import org.walkaway.core.store.InMemoryEventStore;
import org.walkaway.sync.SyncConfig;
import org.walkaway.sync.SyncOutput;
import org.walkaway.sync.SyncSession;
import org.walkaway.sync.SyncStats;

/**
 * Two peers, 100,000 events (100 authors × 1,000), the last 10% of every log missing on one side;
 * one sync session over an in-memory channel. Prints wire bytes / missing event bytes, round trips
 * before the first missing event, and events/s, for 1 KiB and 256 B bodies. Not JMH: one session is
 * the unit, so it is timed whole (one warm-up, then the median of three).
 *
 * <pre>
 * ./mvnw -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/benchmarks.jar org.walkaway.benchmarks.sync.SyncBenchmark \
 *     [events] [--hypercore benchmarks/hypercore/run.sh]
 * </pre>
 *
 * With {@code --hypercore} it then runs Hypercore 11's replication of the same number and sizes of
 * entries (Node.js), so both sets of figures come from the same run on the same machine.
 * {@code -Dsync.sizes=1024} measures one body size only (for profiling). Besides wall clock it
 * prints CPU time per missing event: the whole process, the driving thread (both peers' protocol
 * work) and the verification pool; the remainder is GC and JIT.
 */
public final class SyncBenchmark {
  private static final LogId TOPIC = LogId.ofTopic("sync-benchmark");
  private static final int AUTHORS = 100;
  private static final List<Thread> POOL_THREADS = new java.util.concurrent.CopyOnWriteArrayList<>();
  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  private SyncBenchmark() {}

  public static void main(String[] args) throws Exception {
    int total = args.length > 0 && !args[0].startsWith("--") ? Integer.parseInt(args[0]) : 100_000;
    int cores = Runtime.getRuntime().availableProcessors();
    System.out.printf("sync benchmark: %d events (%d authors), 10%% missing on one side; JDK %s, %d cores%n",
        total, AUTHORS, Runtime.version(), cores);
    ExecutorService pool = Executors.newFixedThreadPool(cores, task -> {
      Thread thread = new Thread(task, "verify-" + POOL_THREADS.size());
      thread.setDaemon(true);
      POOL_THREADS.add(thread);
      return thread;
    });
    try {
      // -Dsync.sizes=1024 measures one size only (for profiling); both by default.
      for (String size : System.getProperty("sync.sizes", "1024,256").split(",")) {
        int bodyBytes = Integer.parseInt(size.trim());
        run(total, bodyBytes, pool, cores);
      }
    } finally {
      pool.shutdownNow();
    }
    int hypercore = Arrays.asList(args).indexOf("--hypercore");
    if (hypercore >= 0) {
      Path script = Path.of(args[hypercore + 1]);
      System.out.println("\nHypercore baseline: " + script);
      Process process = new ProcessBuilder("sh", script.toString(), Integer.toString(total)).inheritIO().start();
      System.exit(process.waitFor());
    }
  }

  private static void run(int total, int bodyBytes, ExecutorService pool, int cores) throws Exception {
    int perLog = total / AUTHORS;
    int keep = perLog - perLog / 10;
    long signStart = System.nanoTime();
    List<Future<List<Event>>> futures = new ArrayList<>();
    for (int a = 0; a < AUTHORS; a++) {
      long seed = a * 31L + bodyBytes;
      futures.add(pool.submit(() -> log(new SplittableRandom(seed), perLog, bodyBytes)));
    }
    List<List<Event>> logs = new ArrayList<>();
    for (Future<List<Event>> future : futures) {
      logs.add(future.get());
    }
    System.out.printf("%n%d B bodies: signed %d events in %.1f s%n", bodyBytes, AUTHORS * perLog,
        (System.nanoTime() - signStart) / 1e9);
    InMemoryEventStore full = new InMemoryEventStore();
    long missingBytes = 0;
    long missingBodyBytes = 0;
    for (List<Event> log : logs) {
      full.appendAll(log);
      for (Event e : log.subList(keep, perLog)) {
        missingBytes += e.headerBytes().length() + e.body().orElseThrow().size();
        missingBodyBytes += e.body().orElseThrow().size();
      }
    }
    long missing = (long) AUTHORS * (perLog - keep);
    double[] seconds = new double[4];
    double[] cpuSeconds = new double[4];
    double[] sessionThreadSeconds = new double[4];
    double[] poolSeconds = new double[4];
    Result result = null;
    for (int round = 0; round < seconds.length; round++) {
      InMemoryEventStore partial = new InMemoryEventStore();
      for (List<Event> log : logs) {
        partial.appendAll(log.subList(0, keep));
      }
      SigningKey x = SigningKey.generate(new SplittableRandom(1));
      SigningKey y = SigningKey.generate(new SplittableRandom(2));
      SyncSession sender = new SyncSession(SyncConfig.of(TOPIC, x.publicKey(), y.publicKey(), true), full);
      SyncSession receiver = new SyncSession(
          SyncConfig.of(TOPIC, y.publicKey(), x.publicKey(), false).withVerifyExecutor(pool, cores), partial);
      // The partial store was just built: collect now, so that the session is not charged for the
      // garbage collector moving ~90,000 setup events out of the young generation.
      System.gc();
      long start = System.nanoTime();
      long cpuStart = processCpuNanos();
      long sessionThreadStart = THREADS.getCurrentThreadCpuTime();
      long poolStart = poolCpuNanos();
      result = drive(sender, receiver);
      seconds[round] = (System.nanoTime() - start) / 1e9;
      cpuSeconds[round] = (processCpuNanos() - cpuStart) / 1e9;
      sessionThreadSeconds[round] = (THREADS.getCurrentThreadCpuTime() - sessionThreadStart) / 1e9;
      poolSeconds[round] = (poolCpuNanos() - poolStart) / 1e9;
      if (result.stats.eventsReceived() != missing) {
        throw new IllegalStateException("received " + result.stats.eventsReceived() + " of " + missing);
      }
    }
    double[] measured = Arrays.copyOfRange(seconds, 1, seconds.length);
    Arrays.sort(measured);
    double median = measured[measured.length / 2];
    long wire = result.stats.bytesSent() + result.stats.bytesReceived();
    System.out.printf("  missing: %d events, %d bytes of events (header + body), %d of bodies%n",
        missing, missingBytes, missingBodyBytes);
    System.out.printf("  wire bytes (both directions, with length prefixes): %d%n", wire);
    System.out.printf("  wire / missing event bytes = %.4f   (wire / missing body bytes = %.4f)%n",
        (double) wire / missingBytes, (double) wire / missingBodyBytes);
    System.out.printf("  round trips before the first missing event: %.1f%n", result.firstEventFlight / 2.0);
    System.out.printf("  session time median %.3f s (runs %s): %.0f events/s, %.1f MB/s of events%n", median,
        Arrays.toString(Arrays.stream(measured).map(s -> Math.round(s * 1000) / 1000.0).toArray()),
        missing / median, missingBytes / median / 1e6);
    double[] cpu = Arrays.copyOfRange(cpuSeconds, 1, cpuSeconds.length);
    Arrays.sort(cpu);
    System.out.printf("  process CPU time median %.3f s: %.0f events per CPU-second (both peers, all threads)%n",
        cpu[cpu.length / 2], missing / cpu[cpu.length / 2]);
    System.out.printf("  CPU per missing event (median): %.1f µs process = %.1f µs session thread (both peers'"
            + " protocol work) + %.1f µs verification pool + the rest (GC, JIT)%n",
        cpu[cpu.length / 2] / missing * 1e6, median(sessionThreadSeconds) / missing * 1e6,
        median(poolSeconds) / missing * 1e6);
  }

  private static double median(double[] perRound) {
    double[] measured = Arrays.copyOfRange(perRound, 1, perRound.length);
    Arrays.sort(measured);
    return measured[measured.length / 2];
  }

  private static long poolCpuNanos() {
    long total = 0;
    for (Thread thread : POOL_THREADS) {
      total += Math.max(0, THREADS.getThreadCpuTime(thread.threadId()));
    }
    return total;
  }

  /** CPU time of the whole process: less sensitive than wall time to other load on a shared machine. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private record Result(SyncStats stats, int firstEventFlight) {}

  /** Delivers frames in flights (a frame sent in flight k arrives in k+1); one round trip = two flights. */
  private static Result drive(SyncSession a, SyncSession b) {
    Deque<byte[]> toA = new ArrayDeque<>();
    Deque<byte[]> toB = new ArrayDeque<>();
    route(a.start(), toB);
    route(b.start(), toA);
    int flights = 0;
    int firstEvent = -1;
    SyncStats stats = null;
    while (!toA.isEmpty() || !toB.isEmpty() || a.wantsToSend() || b.wantsToSend()) {
      flights++;
      Deque<byte[]> forA = toA;
      Deque<byte[]> forB = toB;
      toA = new ArrayDeque<>();
      toB = new ArrayDeque<>();
      for (byte[] frame : forB) {
        for (SyncOutput out : b.receive(frame)) {
          switch (out) {
            case SyncOutput.Send s -> toA.add(s.frame().toArray());
            case SyncOutput.Received r -> firstEvent = firstEvent < 0 ? flights : firstEvent;
            case SyncOutput.Completed c -> stats = c.stats();
            case SyncOutput.Failed f -> throw new IllegalStateException(f.error().toString());
            case SyncOutput.Closed c -> throw new IllegalStateException(c.reason());
          }
        }
      }
      for (byte[] frame : forA) {
        route(a.receive(frame), toB);
      }
      while (a.wantsToSend()) {
        route(a.poll(), toB);
      }
    }
    if (stats == null) {
      throw new IllegalStateException("the receiving session did not complete");
    }
    return new Result(stats, firstEvent);
  }

  private static void route(List<SyncOutput> outputs, Deque<byte[]> to) {
    for (SyncOutput out : outputs) {
      if (out instanceof SyncOutput.Send s) {
        to.add(s.frame().toArray());
      } else if (out instanceof SyncOutput.Failed f) {
        throw new IllegalStateException(f.error().toString());
      }
    }
  }

  private static List<Event> log(SplittableRandom random, int length, int bodyBytes) {
    SigningKey key = SigningKey.generate(random);
    List<Event> events = new ArrayList<>(length);
    byte[] body = new byte[bodyBytes];
    for (int seq = 0; seq < length; seq++) {
      random.nextBytes(body);
      EventBuilder builder =
          seq == 0 ? EventBuilder.create().logId(TOPIC) : EventBuilder.following(events.get(seq - 1));
      events.add(builder.body(Body.of(body)).sign(key));
    }
    return events;
  }
}
