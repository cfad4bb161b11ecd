package org.walkaway.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Reports the CPU time the benchmark JVM spent per operation, next to JMH's wall-clock score.
 *
 * <p>Why: the machines these benchmarks run on are small and shared. When other processes take
 * the cores, wall-clock throughput drops because the benchmark thread waits for a core, not because
 * the code got slower. CPU time per operation counts only the time the process actually ran, so the
 * ratio of two benchmarks' {@code cpu.time.norm} stays meaningful on a busy machine (cache and
 * frequency effects of the neighbours still leak in). It is process-wide, so it includes the JIT
 * compiler and the garbage collector; after warm-up those are a small share.
 *
 * <ul>
 *   <li>{@code cpu.time.norm}: process CPU nanoseconds per operation;</li>
 *   <li>{@code cpu.cores}: process CPU time over wall time, that is how many cores were busy on
 *       average (about 1 for a single-threaded benchmark; up to 2 when it scales on two).</li>
 * </ul>
 *
 * <p>Use: {@code benchmarks/run ... -prof org.walkaway.benchmarks.CpuTimeProfiler}
 */
public final class CpuTimeProfiler implements InternalProfiler {
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private long cpuStart;
  private long wallStart;

  @Override
  public String getDescription() {
    return "process CPU time per operation, and cores busy on average";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmark, IterationParams iteration) {
    wallStart = System.nanoTime();
    cpuStart = os.getProcessCpuTime();
  }

  @Override
  @SuppressWarnings("rawtypes") // JMH's interface declares the raw type
  public Collection<? extends Result> afterIteration(
      BenchmarkParams benchmark, IterationParams iteration, IterationResult result) {
    long cpu = os.getProcessCpuTime() - cpuStart;
    long wall = System.nanoTime() - wallStart;
    long ops = result.getMetadata().getAllOps();
    return List.of(
        new ScalarResult(
            "cpu.time.norm", ops == 0 ? Double.NaN : (double) cpu / ops, "ns/op", AggregationPolicy.AVG),
        new ScalarResult(
            "cpu.cores", wall == 0 ? Double.NaN : (double) cpu / wall, "cores", AggregationPolicy.AVG));
  }
}
