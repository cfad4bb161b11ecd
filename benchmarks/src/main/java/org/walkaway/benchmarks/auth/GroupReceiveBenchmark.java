package org.walkaway.benchmarks.auth;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
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
import org.walkaway.auth.ConflictResolver;
import org.walkaway.auth.GroupOperation;
import org.walkaway.auth.GroupState;
import org.walkaway.auth.Groups;

/**
 * Receiving group operations one by one, as the auth processor does, and asking for the membership
 * after every one ({@code state()}), so that each operation is resolved as it arrives: the history
 * of {@link GroupRebuildBenchmark} (100 members, nested person groups), where one operation in
 * {@code mergeEvery} cites every branch head. With {@code mergeEvery = 1} every operation follows
 * everything before it and {@link Groups} adds it to its resolution in place; with 8 most operations
 * are concurrent with others, and it adds those in place too unless they conflict.
 *
 * <p>Run: {@code benchmarks/run GroupReceiveBenchmark -f 1 -wi 1 -i 3}, or without JMH (CPU time
 * per operation too): {@code java -cp … org.walkaway.benchmarks.auth.GroupReceiveBenchmark 10000 1}
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@State(Scope.Thread)
public class GroupReceiveBenchmark {
  @Param({"1000", "10000"})
  public int operations;

  @Param({"1", "8"})
  public int mergeEvery;

  private List<GroupOperation> history;

  @Setup
  public void setUp() {
    history = GroupRebuildBenchmark.history(operations, 100, 20261122L, mergeEvery);
  }

  @Benchmark
  public GroupState receiveOneByOne() {
    return receiveOneByOne(history);
  }

  static GroupState receiveOneByOne(List<GroupOperation> history) {
    Groups groups = new Groups(ConflictResolver.STRONG_REMOVAL, history.size());
    GroupState last = null;
    for (GroupOperation op : history) {
      groups.receive(op);
      last = groups.state();
    }
    return last;
  }

  static GroupState rebuild(List<GroupOperation> history) {
    Groups groups = new Groups(ConflictResolver.STRONG_REMOVAL, history.size());
    history.forEach(groups::receive);
    return groups.state();
  }

  /**
   * {@code operations mergeEvery [runs [rebuild]]}: wall and CPU time of each run, per operation;
   * with {@code rebuild}, the operations are received and the state is asked once at the end (what
   * {@link GroupRebuildBenchmark} measures).
   */
  public static void main(String[] args) {
    int operations = Integer.parseInt(args[0]);
    int mergeEvery = Integer.parseInt(args[1]);
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    boolean rebuild = args.length > 3 && args[3].equals("rebuild");
    List<GroupOperation> history = GroupRebuildBenchmark.history(operations, 100, 20261122L, mergeEvery);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int run = 0; run <= runs; run++) {
      long cpu = threads.getCurrentThreadCpuTime();
      long wall = System.nanoTime();
      GroupState state = rebuild ? rebuild(history) : receiveOneByOne(history);
      wall = System.nanoTime() - wall;
      cpu = threads.getCurrentThreadCpuTime() - cpu;
      System.out.printf("%s %s %d operations, merge every %d: %.0f ms wall, %.0f ms CPU, %.1f µs CPU per operation (%d groups)%n",
          run == 0 ? "warm-up" : "run " + run, rebuild ? "rebuild" : "one by one", operations, mergeEvery, wall / 1e6, cpu / 1e6, cpu / 1e3 / operations,
          state.groups().size());
    }
  }
}
