package org.walkaway.benchmarks.ordering;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.walkaway.core.LogId;
import org.walkaway.ordering.CausalOrderer;
import org.walkaway.ordering.DurableOrderer;
import org.walkaway.ordering.InMemoryOrderingStore;
import org.walkaway.ordering.MissingListener;
import org.walkaway.ordering.OrderingLimits;

/**
 * Causal delivery of {@value #EVENTS} events of a random DAG ({@link SyntheticDag}: 100 authors,
 * 1.6 dependencies per event), on one core, in memory. One operation is one event; each invocation
 * feeds all of them to a fresh orderer and checks that all came out. The events are allocated in
 * arrival order, as a decoder would hand them over ({@link SyntheticDag#asDecoded}).
 *
 * <ul>
 *   <li>{@code arrival=random}: a uniformly shuffled arrival order, the worst case: at the peak,
 *       most of the million are held at once;</li>
 *   <li>{@code arrival=causal}: creation order, the common case of a connected peer: nothing waits;</li>
 *   <li>{@code engine=core}: {@link CausalOrderer} alone;</li>
 *   <li>{@code engine=durable}: {@link DurableOrderer} over an {@link InMemoryOrderingStore}, so
 *       every held event is written ahead and every delivery is recorded;</li>
 *   <li>{@code presized=true} (core only): the orderer is built with
 *       {@code expectedIds(1_000_000)}, as a sync session that knows how much it fetches can, so
 *       its table never grows; {@code false}, the default, starts small and grows.</li>
 * </ul>
 *
 * CPU time per event, steadier than this wall-clock score on a shared machine, is reported by
 * {@code -prof org.walkaway.benchmarks.CpuTimeProfiler} and by {@link OrderingCpuHarness}.
 *
 * Bytes per pending event are measured by {@link PendingFootprint}, not here.
 *
 * <p>Run: {@code benchmarks/run CausalOrdererBenchmark -f 1 -wi 2 -i 5}, or the core alone, grown and
 * presized: {@code benchmarks/run --rebuild CausalOrdererBenchmark -p engine=core -p presized=false,true
 * -prof org.walkaway.benchmarks.CpuTimeProfiler}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(CausalOrdererBenchmark.EVENTS)
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
@State(Scope.Benchmark)
public class CausalOrdererBenchmark {
  static final int EVENTS = 1_000_000;

  @Param({"random", "causal"})
  public String arrival;

  @Param({"core", "durable"})
  public String engine;

  @Param({"false"})
  public boolean presized;

  private SyntheticDag.Node[] arrivals;

  @Setup
  public void setUp() {
    SyntheticDag.Node[] dag = SyntheticDag.generate(EVENTS, 100, 1);
    arrivals = SyntheticDag.asDecoded(arrival.equals("random") ? SyntheticDag.shuffled(dag, 2) : dag);
  }

  @Benchmark
  public long deliverAll() {
    long[] delivered = {0};
    if (engine.equals("core")) {
      CausalOrderer<SyntheticDag.Node> orderer =
          CausalOrderer.builder(SyntheticDag.VIEW)
              .limits(OrderingLimits.unbounded())
              .expectedIds(presized ? EVENTS : 0)
              .build();
      for (SyntheticDag.Node node : arrivals) {
        orderer.offer(node, x -> delivered[0]++);
      }
    } else {
      DurableOrderer<SyntheticDag.Node> orderer =
          DurableOrderer.open(
              new InMemoryOrderingStore<>(),
              SyntheticDag.VIEW,
              node -> LogId.DEFAULT,
              OrderingLimits.unbounded(),
              MissingListener.NONE);
      for (SyntheticDag.Node node : arrivals) {
        orderer.offer(node, x -> delivered[0]++);
      }
    }
    if (delivered[0] != EVENTS) {
      throw new IllegalStateException("delivered " + delivered[0] + " of " + EVENTS);
    }
    return delivered[0];
  }
}
