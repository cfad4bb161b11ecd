package org.walkaway.benchmarks.ordering;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import org.walkaway.ordering.CausalOrderer;
import org.walkaway.ordering.OrderingLimits;

/**
 * Two builds of the ordering module compared in one JVM, for a machine shared with others: each
 * build is loaded by its own class loader, and their rounds alternate (A B, B A, A B, ...), so that
 * a neighbour's burst of load falls on both instead of on whichever ran at that moment. Reports
 * the thread CPU time per event of every round and the median of the paired differences.
 *
 * <pre>
 *   java -Xms8g -Xmx8g -cp benchmarks/target/benchmarks.jar \
 *       org.walkaway.benchmarks.ordering.OrderingAbHarness \
 *       /tmp/old-classes /tmp/new-classes event-core.jar [random|causal] [rounds] [presized|grows]
 * </pre>
 *
 * The two directories hold the compiled main classes of module ordering (for example
 * {@code javac -d /tmp/old-classes} over a checkout's {@code modules/ordering/src/main/java},
 * module-info left out); the event-core jar is shared by both. Each build gets its own copy of
 * the same million-event DAG ({@link SyntheticDag}, fixed seeds).
 */
public final class OrderingAbHarness {
  private OrderingAbHarness() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      throw new IllegalArgumentException(
          "usage: OrderingAbHarness classesA classesB event-core.jar [random|causal] [rounds] [presized|grows]");
    }
    String[] builds = {args[0], args[1]};
    String arrival = args.length > 3 ? args[3] : "random";
    int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 12;
    boolean presized = args.length > 5 && args[5].equals("presized");
    int events = 1_000_000;
    URL harness = OrderingAbHarness.class.getProtectionDomain().getCodeSource().getLocation();
    URLClassLoader core =
        new URLClassLoader(
            new URL[] {Path.of(args[2]).toUri().toURL()}, ClassLoader.getPlatformClassLoader());
    Method[] run = new Method[2];
    for (int build = 0; build < 2; build++) {
      // The build's directory first: its ordering classes win over any copy in the harness's jar.
      URLClassLoader loader =
          new URLClassLoader(new URL[] {Path.of(builds[build]).toUri().toURL(), harness}, core);
      Class<?> round = loader.loadClass(Round.class.getName());
      round.getMethod("prepare", String.class, int.class).invoke(null, arrival, events);
      run[build] = round.getMethod("run", int.class);
    }

    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    double[][] nanos = new double[2][rounds];
    for (int r = 0; r < rounds; r++) {
      for (int k = 0; k < 2; k++) {
        int build = r % 2 == 0 ? k : 1 - k;
        long start = threads.getCurrentThreadCpuTime();
        long delivered = (long) run[build].invoke(null, presized ? events : 0);
        long cpu = threads.getCurrentThreadCpuTime() - start;
        if (delivered != events) {
          throw new IllegalStateException("build " + build + " delivered " + delivered + " of " + events);
        }
        nanos[build][r] = (double) cpu / events;
      }
      System.out.printf(
          "round %2d: A %6.0f, B %6.0f ns/event (thread CPU), load %.2f%n",
          r, nanos[0][r], nanos[1][r],
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
    int from = rounds / 3; // the first third warms the JIT up
    double[] differences = new double[rounds - from];
    for (int r = from; r < rounds; r++) {
      differences[r - from] = nanos[1][r] - nanos[0][r];
    }
    System.out.printf(
        "%s arrival, %s, rounds %d-%d: A median %.0f, B median %.0f, median of paired B - A %.0f"
            + " ns/event%n",
        arrival, presized ? "presized" : "table grows", from, rounds - 1, median(nanos[0], from),
        median(nanos[1], from), median(differences, 0));
  }

  private static double median(double[] values, int from) {
    double[] tail = Arrays.copyOfRange(values, from, values.length);
    Arrays.sort(tail);
    int n = tail.length;
    return n % 2 == 1 ? tail[n / 2] : (tail[n / 2 - 1] + tail[n / 2]) / 2;
  }

  /** One build's side, loaded once per build: its own DAG, fed to a fresh orderer per round. */
  public static final class Round {
    private static SyntheticDag.Node[] arrivals;

    private Round() {}

    public static void prepare(String arrival, int events) {
      SyntheticDag.Node[] dag = SyntheticDag.generate(events, 100, 1);
      arrivals =
          SyntheticDag.asDecoded(arrival.equals("random") ? SyntheticDag.shuffled(dag, 2) : dag);
    }

    public static long run(int expectedIds) {
      long[] delivered = {0};
      CausalOrderer<SyntheticDag.Node> orderer =
          CausalOrderer.builder(SyntheticDag.VIEW)
              .limits(OrderingLimits.unbounded())
              .expectedIds(expectedIds)
              .build();
      for (SyntheticDag.Node node : arrivals) {
        orderer.offer(node, x -> delivered[0]++);
      }
      return delivered[0];
    }
  }
}
