package org.walkaway.benchmarks.ordering;

import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import org.walkaway.ordering.CausalOrderer;
import org.walkaway.ordering.OrderingLimits;

/**
 * Measures the heap an orderer needs per pending (held) event and per delivered id, beyond the
 * events themselves, which exist before and after.
 *
 * <p>Method: build the {@link SyntheticDag} of 1,000,000 events; withhold the first event of each of
 * the 100 authors' logs and offer all the others in random order, so that every one of them is held
 * (each depends, through its backlinks, on a withheld first event). Heap in use is read after
 * repeated full GCs before the orderer exists, with everything held, and after the withheld events
 * were offered and everything was delivered; the differences divided by the counts are the figures.
 * The events' own objects are outside both differences. Run with the serial collector, whose full GC
 * leaves only live objects:
 *
 * <pre>
 *   java -XX:+UseSerialGC -Xmx8g -cp benchmarks/target/benchmarks.jar \
 *       org.walkaway.benchmarks.ordering.PendingFootprint
 * </pre>
 */
public final class PendingFootprint {
  private PendingFootprint() {}

  public static void main(String[] args) {
    int size = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    SyntheticDag.Node[] dag = SyntheticDag.generate(size, 100, 1);
    List<SyntheticDag.Node> firsts = new ArrayList<>();
    List<SyntheticDag.Node> rest = new ArrayList<>();
    for (SyntheticDag.Node node : dag) {
      (node.dependencies().isEmpty() ? firsts : rest).add(node);
    }
    SyntheticDag.Node[] others = SyntheticDag.shuffled(rest.toArray(SyntheticDag.Node[]::new), 3);

    long baseline = usedHeap();
    CausalOrderer<SyntheticDag.Node> orderer =
        CausalOrderer.builder(SyntheticDag.VIEW).limits(OrderingLimits.unbounded()).build();
    long[] delivered = {0};
    for (SyntheticDag.Node node : others) {
      orderer.offer(node, x -> delivered[0]++);
    }
    long held = usedHeap();
    int heldCount = orderer.heldCount();
    long entries = orderer.bufferedEntries();
    int missing = orderer.missingCount();
    for (SyntheticDag.Node node : firsts) {
      orderer.offer(node, x -> delivered[0]++);
    }
    long after = usedHeap();
    System.out.printf(
        "events %d, held %d (%d buffer entries, %d missing ids)%n",
        size, heldCount, entries, missing);
    System.out.printf(
        "bytes per pending event: %.1f (per buffer entry: %.1f)%n",
        (held - baseline) / (double) heldCount, (held - baseline) / (double) entries);
    System.out.printf(
        "bytes per delivered id kept: %.1f (delivered %d)%n",
        (after - baseline) / (double) delivered[0], delivered[0]);
    if (delivered[0] != size || orderer.heldCount() != 0) {
      throw new IllegalStateException("not everything was delivered: " + orderer);
    }
    // The events must stay reachable through every measurement, or their collection would count.
    Reference.reachabilityFence(dag);
    Reference.reachabilityFence(rest);
    Reference.reachabilityFence(others);
    Reference.reachabilityFence(firsts);
    Reference.reachabilityFence(orderer);
  }

  private static long usedHeap() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
