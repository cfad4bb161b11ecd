package org.walkaway.benchmarks.gossip;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.walkaway.core.Bytes;
import org.walkaway.core.Hash;
import org.walkaway.gossip.BroadcastConfig;
import org.walkaway.gossip.GossipConfig;
import org.walkaway.gossip.PublishResult;
import org.walkaway.gossip.TopicId;
import org.walkaway.gossip.sim.BroadcastStats;
import org.walkaway.gossip.sim.LatencyModel;
import org.walkaway.gossip.sim.Overlay;
import org.walkaway.gossip.sim.Simulation;

/**
 * Measures HyParView + PlumTree in the deterministic simulator: reliability, relative message
 * redundancy (RMR) and last delivery hop (LDH) in a stable overlay (one sender, random senders, all
 * senders at once), then the next broadcast's reliability and the time to heal after 50%, 80% and 95%
 * of the nodes crash at once; each for PlumTree and for eager-only flooding over the same overlay.
 *
 * <p>Run (after {@code ./mvnw -q -pl benchmarks -am -DskipTests package}, which {@code benchmarks/run}
 * also does):
 *
 * <pre>
 *   java -cp benchmarks/target/benchmarks.jar org.walkaway.benchmarks.gossip.GossipScenarios \
 *       [--n 100,1000] [--scale 10000] [--seed 1] [--failure-seeds 5]
 * </pre>
 *
 * The network: per-link latency uniform in [10, 100] ms (fixed per link), no loss, a transport that
 * notices a dead peer after 2 s. The overlay: nodes join one by one, 20 ms apart, each through a
 * random earlier node, then 60 s of virtual time pass (about six shuffle rounds). Same seed, same
 * figures: the run is deterministic.
 */
public final class GossipScenarios {
  private static final TopicId TOPIC = TopicId.fromName("walkaway benchmark topic");
  private static final long GAP = 1_000;
  private static final int WARM_UP = 10;
  private static final int MEASURED = 50;
  private static final long PROBE_GAP = 500;
  private static final long HEALTHY_MILLIS = 2_000;

  private final long seed;
  private final int failureSeeds;
  private long payloadCounter;

  private GossipScenarios(long seed, int failureSeeds) {
    this.seed = seed;
    this.failureSeeds = failureSeeds;
  }

  public static void main(String[] args) {
    List<Integer> sizes = List.of(100, 1000);
    List<Integer> scale = List.of();
    long seed = 1;
    int failureSeeds = 5;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--n" -> sizes = parseSizes(args[++i]);
        case "--scale" -> scale = parseSizes(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--failure-seeds" -> failureSeeds = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + "; usage: GossipScenarios [--n 100,1000] [--scale 10000] [--seed 1] [--failure-seeds 5]");
      }
    }
    System.out.printf(Locale.ROOT, "gossip scenarios, seed %d, %s %s, %d processors%n", seed,
        System.getProperty("java.vm.name"), System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors());
    GossipScenarios scenarios = new GossipScenarios(seed, failureSeeds);
    for (int n : sizes) {
      scenarios.run(n);
    }
    for (int n : scale) {
      scenarios.scale(n);
    }
  }

  /**
   * The simulator at scale: builds an overlay of {@code n} nodes, sends 20 broadcasts from random
   * senders, then crashes 80% of the nodes and sends one more; prints the figures and what it cost.
   */
  private void scale(int n) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long wallStart = System.nanoTime();
    long cpuStart = threads.getCurrentThreadCpuTime();
    Simulation sim = build(n, false);
    long buildCpu = threads.getCurrentThreadCpuTime() - cpuStart;
    long buildEvents = sim.eventsProcessed();
    System.out.printf(Locale.ROOT, "%n== scale, N = %d ==%n  overlay: %s%n", n, Overlay.of(sim, TOPIC));
    System.out.printf(Locale.ROOT, "  built in %.1f s CPU (%d events, %d messages)%n", buildCpu / 1e9,
        buildEvents, sim.messagesSent());
    List<BroadcastStats> stable = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      stable.add(publish(sim, sim.random().nextInt(n)));
      sim.runFor(GAP);
    }
    sim.runFor(10_000);
    print("  random senders", "plumtree", stable.subList(5, 20), n, sim);
    List<Integer> victims = new ArrayList<>();
    for (int node = 1; node < n; node++) {
      victims.add(node);
    }
    Collections.shuffle(victims, new java.util.Random(seed * 31 + n));
    sim.crash(victims.subList(0, (int) Math.round(0.8 * n)));
    BroadcastStats next = publish(sim, 0);
    sim.runFor(60_000);
    System.out.printf(Locale.ROOT, "  80%% crash: next broadcast reached %s of %d survivors, last delivery after %.1f s%n",
        percent(next.reliability(sim.size(), sim::isAlive)), sim.aliveCount(), next.lastDeliveryLatency() / 1000.0);
    System.out.printf(Locale.ROOT, "  (N = %d took %.1f s wall, %.1f s CPU, %d events, heap in use %d MiB)%n", n,
        (System.nanoTime() - wallStart) / 1e9, (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9,
        sim.eventsProcessed(), (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
  }

  private void run(int n) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long wallStart = System.nanoTime();
    long cpuStart = threads.getCurrentThreadCpuTime();
    System.out.printf(Locale.ROOT, "%n== N = %d ==%n", n);
    System.out.println("stable state            protocol   reliability(mean/min)  RMR(mean)  LDH(mean/max)  last delivery ms(mean)");
    for (boolean eagerOnly : new boolean[] {false, true}) {
      Simulation sim = build(n, eagerOnly);
      if (!eagerOnly) {
        System.out.println("  overlay: " + Overlay.of(sim, TOPIC));
      }
      String protocol = eagerOnly ? "flooding" : "plumtree";
      warmUp(sim, 0);
      List<BroadcastStats> one = new ArrayList<>();
      for (int i = 0; i < MEASURED; i++) {
        one.add(publish(sim, 0));
        sim.runFor(GAP);
      }
      sim.runFor(10_000);
      print("  one sender", protocol, one, n, sim);
      List<BroadcastStats> randomSenders = new ArrayList<>();
      for (int i = 0; i < MEASURED; i++) {
        randomSenders.add(publish(sim, sim.random().nextInt(n)));
        sim.runFor(GAP);
      }
      sim.runFor(10_000);
      print("  random senders", protocol, randomSenders, n, sim);
      List<BroadcastStats> all = new ArrayList<>();
      for (int node = 0; node < n; node++) {
        all.add(publish(sim, node));
      }
      sim.runFor(30_000);
      print("  all senders at once", protocol, all, n, sim);
    }
    System.out.println();
    System.out.printf(Locale.ROOT, "crash at once (%d seeds)  protocol   survivors  next broadcast(mean/min)  last delivery  heal time(mean/max)     probes after 120 s%n", failureSeeds);
    for (double fraction : new double[] {0.5, 0.8, 0.95}) {
      for (boolean eagerOnly : new boolean[] {false, true}) {
        failure(n, fraction, eagerOnly);
      }
    }
    System.out.printf(Locale.ROOT, "  (N = %d took %.1f s wall, %.1f s CPU)%n", n,
        (System.nanoTime() - wallStart) / 1e9, (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9);
  }

  /**
   * Crashes {@code fraction} of the nodes (never node 0) at once, for each of {@link #failureSeeds}
   * seeds, in two copies of the same run. In the first, node 0 publishes right away and the broadcast
   * gets 60 s: its reliability is the share of survivors that delivered it. In the second, random
   * survivors publish a probe every 500 ms for 120 s; a probe is healthy when it reaches every
   * survivor within {@value #HEALTHY_MILLIS} ms, and the heal time is the time from the crash to the
   * first probe from which on every probe is healthy.
   */
  private void failure(int n, double fraction, boolean eagerOnly) {
    double reliabilitySum = 0;
    double reliabilityMin = 1;
    double withinSum = 0;
    double healSum = 0;
    double healMax = 0;
    int healed = 0;
    double finalSum = 0;
    int survivors = 0;
    for (long runSeed = seed; runSeed < seed + failureSeeds; runSeed++) {
      Simulation sim = buildAndCrash(runSeed, n, fraction, eagerOnly);
      survivors = sim.aliveCount();
      BroadcastStats next = publish(sim, 0);
      sim.runFor(60_000);
      double reliability = next.reliability(sim.size(), sim::isAlive);
      reliabilitySum += reliability;
      reliabilityMin = Math.min(reliabilityMin, reliability);
      withinSum += next.lastDeliveryLatency();

      Simulation probed = buildAndCrash(runSeed, n, fraction, eagerOnly);
      long crashAt = probed.now();
      List<BroadcastStats> probes = new ArrayList<>();
      List<Long> sentAt = new ArrayList<>();
      for (int i = 0; i < 240; i++) {
        probed.runFor(PROBE_GAP);
        sentAt.add(probed.now() - crashAt);
        probes.add(publish(probed, randomSurvivor(probed)));
      }
      probed.runFor(30_000);
      long healedAt = -1;
      for (int i = probes.size() - 1; i >= 0; i--) {
        BroadcastStats probe = probes.get(i);
        if (probe.reliability(probed.size(), probed::isAlive) < 1.0 || probe.lastDeliveryLatency() > HEALTHY_MILLIS) {
          break;
        }
        healedAt = sentAt.get(i);
      }
      if (healedAt >= 0) {
        healed++;
        healSum += healedAt;
        healMax = Math.max(healMax, healedAt);
      }
      for (BroadcastStats probe : probes.subList(probes.size() - 20, probes.size())) {
        finalSum += probe.reliability(probed.size(), probed::isAlive) / 20;
      }
    }
    int runs = failureSeeds;
    String heal = healed == 0 ? "never" : String.format(Locale.ROOT, "%.1f / %.1f s%s", healSum / healed / 1000.0,
        healMax / 1000.0, healed < runs ? " (" + (runs - healed) + " never)" : "");
    System.out.printf(Locale.ROOT, "  %-22s%-11s%-11d%-23s%-13s%-24s%s%n",
        String.format(Locale.ROOT, "%.0f%% of nodes", fraction * 100), eagerOnly ? "flooding" : "plumtree",
        survivors, percent(reliabilitySum / runs) + " / " + percent(reliabilityMin),
        String.format(Locale.ROOT, "%.1f s", withinSum / runs / 1000.0), heal, percent(finalSum / runs));
  }

  private Simulation buildAndCrash(long runSeed, int n, double fraction, boolean eagerOnly) {
    Simulation sim = build(runSeed, n, eagerOnly);
    warmUp(sim, 0);
    List<Integer> victims = new ArrayList<>();
    for (int node = 1; node < n; node++) {
      victims.add(node);
    }
    Collections.shuffle(victims, new java.util.Random(runSeed * 31 + n));
    sim.crash(victims.subList(0, (int) Math.round(fraction * n)));
    return sim;
  }

  private int randomSurvivor(Simulation sim) {
    while (true) {
      int node = sim.random().nextInt(sim.size());
      if (sim.isAlive(node)) {
        return node;
      }
    }
  }

  private Simulation build(int n, boolean eagerOnly) {
    return build(seed, n, eagerOnly);
  }

  private Simulation build(long runSeed, int n, boolean eagerOnly) {
    GossipConfig config = GossipConfig.defaults();
    if (eagerOnly) {
      config = config.withBroadcast(BroadcastConfig.builder().eagerOnly(true).build());
    }
    Simulation sim = Simulation.builder(runSeed)
        .config(config)
        .latency(LatencyModel.uniformPerLink(10, 100, runSeed))
        .failureDetectionMillis(2_000)
        .build();
    sim.addNodes(n);
    sim.joinOneByOne(TOPIC, 0, n, 20);
    sim.runFor(60_000);
    return sim;
  }

  private void warmUp(Simulation sim, int sender) {
    for (int i = 0; i < WARM_UP; i++) {
      publish(sim, sender);
      sim.runFor(GAP);
    }
    sim.runFor(5_000);
  }

  private BroadcastStats publish(Simulation sim, int sender) {
    byte[] payload = new byte[100];
    ByteBuffer.wrap(payload).putLong(seed).putLong(payloadCounter++);
    PublishResult result = sim.publish(sender, TOPIC, Bytes.of(payload));
    Hash id = switch (result) {
      case PublishResult.Published published -> published.id();
      case PublishResult.Refused refused -> throw new IllegalStateException(refused.error().toString());
    };
    return sim.broadcast(id);
  }

  private static void print(String label, String protocol, List<BroadcastStats> stats, int n, Simulation sim) {
    double reliabilitySum = 0;
    double minReliability = 1;
    double rmrSum = 0;
    double ldhSum = 0;
    int maxLdh = 0;
    double latencySum = 0;
    for (BroadcastStats s : stats) {
      double reliability = s.reliability(sim.size(), sim::isAlive);
      reliabilitySum += reliability;
      minReliability = Math.min(minReliability, reliability);
      rmrSum += s.relativeMessageRedundancy();
      ldhSum += s.lastDeliveryHop();
      maxLdh = Math.max(maxLdh, s.lastDeliveryHop());
      latencySum += s.lastDeliveryLatency();
    }
    int count = stats.size();
    System.out.printf(Locale.ROOT, "%-24s%-11s%-23s%-11.3f%-15s%.0f%n", label, protocol,
        percent(reliabilitySum / count) + " / " + percent(minReliability), rmrSum / count,
        String.format(Locale.ROOT, "%.1f / %d", ldhSum / count, maxLdh), latencySum / count);
  }

  private static String percent(double value) {
    return String.format(Locale.ROOT, "%.2f%%", value * 100);
  }

  private static List<Integer> parseSizes(String text) {
    List<Integer> sizes = new ArrayList<>();
    for (String part : text.split(",")) {
      sizes.add(Integer.parseInt(part.trim()));
    }
    return sizes;
  }
}
