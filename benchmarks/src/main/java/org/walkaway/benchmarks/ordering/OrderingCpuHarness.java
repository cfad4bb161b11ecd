package org.walkaway.benchmarks.ordering;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.walkaway.ordering.CausalOrderer;
import org.walkaway.ordering.OrderingLimits;

/**
 * The steadier companion of {@link CausalOrdererBenchmark}: the same million-event DAG fed to a
 * fresh {@link CausalOrderer} a fixed number of times, reporting for every round the benchmark
 * thread's CPU time per event ({@link ThreadMXBean}), the whole process's (garbage collector and JIT
 * included), the wall-clock rate, and the collections. On a shared machine the wall-clock rate
 * drops whenever a neighbour takes the core; the thread's CPU time mostly does not.
 *
 * <pre>
 *   java -Xms6g -Xmx6g -cp benchmarks/target/benchmarks.jar \
 *       org.walkaway.benchmarks.ordering.OrderingCpuHarness [random|causal] [rounds] [events] [presized]
 * </pre>
 *
 * {@code presized} builds each orderer with {@code expectedIds(events)}, so that its table never
 * grows. The first half of the rounds warms the JIT up; the summary gives the median and the best
 * of the second half (on a busy machine, the best round is the one least disturbed).
 */
public final class OrderingCpuHarness {
  private OrderingCpuHarness() {}

  public static void main(String[] args) {
    String arrival = args.length > 0 ? args[0] : "random";
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int events = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
    boolean presized = args.length > 3 && args[3].equals("presized");
    if (!arrival.equals("random") && !arrival.equals("causal")) {
      throw new IllegalArgumentException("arrival is random or causal, got " + arrival);
    }
    SyntheticDag.Node[] dag = SyntheticDag.generate(events, 100, 1);
    SyntheticDag.Node[] arrivals =
        SyntheticDag.asDecoded(arrival.equals("random") ? SyntheticDag.shuffled(dag, 2) : dag);
    dag = null;

    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    double[] threadNs = new double[rounds];
    double[] processNs = new double[rounds];
    double[] rates = new double[rounds];
    System.out.printf(
        "%d events, %s arrival, %d rounds%s; load average at start %.2f%n",
        events, arrival, rounds, presized ? ", orderer sized for them" : "", os.getSystemLoadAverage());
    for (int round = 0; round < rounds; round++) {
      long gcCountStart = gcCount();
      long gcTimeStart = gcTime();
      long wallStart = System.nanoTime();
      long threadStart = threads.getCurrentThreadCpuTime();
      long processStart = os.getProcessCpuTime();

      long delivered = deliverAll(arrivals, presized ? events : 0);

      long thread = threads.getCurrentThreadCpuTime() - threadStart;
      long process = os.getProcessCpuTime() - processStart;
      long wall = System.nanoTime() - wallStart;
      if (delivered != events) {
        throw new IllegalStateException("delivered " + delivered + " of " + events);
      }
      threadNs[round] = (double) thread / events;
      processNs[round] = (double) process / events;
      rates[round] = events * 1e9 / wall;
      System.out.printf(
          "round %2d: thread CPU %6.0f ns/event, process CPU %6.0f ns/event, wall %,10.0f events/s,"
              + " GC %d collections %d ms, load %.2f%n",
          round, threadNs[round], processNs[round], rates[round], gcCount() - gcCountStart,
          gcTime() - gcTimeStart, os.getSystemLoadAverage());
    }
    int from = rounds / 2;
    System.out.printf(
        "rounds %d-%d: thread CPU median %.0f, best %.0f ns/event (%.2f M events per CPU-second),"
            + " process CPU median %.0f ns/event, wall median %,.0f, best %,.0f events/s%n",
        from, rounds - 1, median(threadNs, from), best(threadNs, from), 1e3 / median(threadNs, from),
        median(processNs, from), median(rates, from), -best(negate(rates), from));
  }

  private static long deliverAll(SyntheticDag.Node[] arrivals, int expectedIds) {
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

  private static double median(double[] values, int from) {
    double[] tail = java.util.Arrays.copyOfRange(values, from, values.length);
    java.util.Arrays.sort(tail);
    int n = tail.length;
    return n % 2 == 1 ? tail[n / 2] : (tail[n / 2 - 1] + tail[n / 2]) / 2;
  }

  /** The smallest value from {@code from} on: on a shared machine, the round least disturbed. */
  private static double best(double[] values, int from) {
    double best = Double.POSITIVE_INFINITY;
    for (int i = from; i < values.length; i++) {
      best = Math.min(best, values[i]);
    }
    return best;
  }

  private static double[] negate(double[] values) {
    double[] negated = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      negated[i] = -values[i];
    }
    return negated;
  }

  private static long gcCount() {
    long count = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      count += Math.max(0, gc.getCollectionCount());
    }
    return count;
  }

  private static long gcTime() {
    long time = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      time += Math.max(0, gc.getCollectionTime());
    }
    return time;
  }
}
