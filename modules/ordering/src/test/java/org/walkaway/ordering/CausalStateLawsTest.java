package org.walkaway.ordering;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.walkaway.core.Hash;
import org.walkaway.core.LogId;
import org.walkaway.core.LogKey;
import org.walkaway.core.SigningKey;

/** Merge laws and compare/merge consistency of {@link VectorClock} and {@link Frontier}. */
class CausalStateLawsTest {
  private static final List<LogKey> LOGS = new ArrayList<>();

  static {
    for (int i = 0; i < 4; i++) {
      byte[] seed = new byte[32];
      seed[0] = (byte) i;
      LOGS.add(new LogKey(SigningKey.fromSeed(seed).publicKey(), LogId.ofTopic("t" + (i % 2))));
    }
  }

  static LongStream seeds() {
    return LongStream.range(0, 120).map(i -> 0x1A35_0000L + i);
  }

  private static VectorClock randomClock(SplittableRandom random) {
    TreeMap<LogKey, Long> heights = new TreeMap<>();
    for (LogKey log : LOGS) {
      if (random.nextInt(3) > 0) {
        heights.put(log, (long) random.nextInt(4));
      }
    }
    return new VectorClock(heights);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void vectorClockLaws(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    String context = "seed " + seed;
    VectorClock a = randomClock(random);
    VectorClock b = randomClock(random);
    VectorClock c = randomClock(random);
    assertEquals(a.merge(b), b.merge(a), context + ": commutative");
    assertEquals(a.merge(b).merge(c), a.merge(b.merge(c)), context + ": associative");
    assertEquals(a, a.merge(a), context + ": idempotent");
    assertEquals(CausalRelation.EQUAL, a.compare(a), context);
    assertEquals(a.compare(b).reversed(), b.compare(a), context + ": antisymmetric");
    CausalRelation relation = a.compare(b);
    boolean aWithinB = relation == CausalRelation.BEFORE || relation == CausalRelation.EQUAL;
    assertEquals(aWithinB, a.merge(b).equals(b), context + ": a <= b iff a merge b = b");
    CausalRelation merged = a.compare(a.merge(b));
    assertEquals(true, merged == CausalRelation.BEFORE || merged == CausalRelation.EQUAL, context);
  }

  @Test
  void vectorClockBasics() {
    VectorClock clock = VectorClock.empty().with(LOGS.get(0), 3);
    VectorClock later = clock.with(LOGS.get(0), 5);
    VectorClock other = VectorClock.empty().with(LOGS.get(1), 0);
    assertEquals(CausalRelation.BEFORE, clock.compare(later));
    assertEquals(CausalRelation.AFTER, later.compare(clock));
    assertEquals(CausalRelation.CONCURRENT, clock.compare(other));
    assertEquals(true, later.covers(LOGS.get(0), 4));
    assertEquals(false, later.covers(LOGS.get(1), 0));
    assertEquals(later, later.with(LOGS.get(0), 2));
    assertEquals(VectorClock.of(Map.of(LOGS.get(0), 5L, LOGS.get(1), 0L)), later.merge(other));
  }

  private static Frontier randomFrontier(SplittableRandom random, List<Item> dag, Frontier.Ancestry ancestry) {
    Set<Hash> heads = new HashSet<>();
    int count = random.nextInt(4);
    for (int i = 0; i < count; i++) {
      heads.add(dag.get(random.nextInt(dag.size())).id());
    }
    return Frontier.of(heads).normalized(ancestry);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void frontierLaws(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    String context = "seed " + seed;
    List<Item> dag = Dags.randomDag(random, 2 + random.nextInt(30), 3);
    Frontier.Ancestry ancestry = Frontier.Ancestry.of(Dags.byId(dag), Item.VIEW);
    Frontier a = randomFrontier(random, dag, ancestry);
    Frontier b = randomFrontier(random, dag, ancestry);
    Frontier c = randomFrontier(random, dag, ancestry);
    assertEquals(a.merge(b, ancestry), b.merge(a, ancestry), context + ": commutative");
    assertEquals(
        a.merge(b, ancestry).merge(c, ancestry), a.merge(b.merge(c, ancestry), ancestry),
        context + ": associative");
    assertEquals(a, a.merge(a, ancestry), context + ": idempotent");
    assertEquals(CausalRelation.EQUAL, a.compare(a, ancestry), context);
    assertEquals(a.compare(b, ancestry).reversed(), b.compare(a, ancestry), context);
    CausalRelation relation = a.compare(b, ancestry);
    boolean aWithinB = relation == CausalRelation.BEFORE || relation == CausalRelation.EQUAL;
    assertEquals(aWithinB, a.merge(b, ancestry).equals(b), context + ": a <= b iff a merge b = b");
  }

  /** A frontier kept with after() while delivering equals the heads of what was delivered. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void frontierAfterDeliveries(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Item> dag = Dags.randomDag(random, 1 + random.nextInt(40), 3);
    Frontier.Ancestry ancestry = Frontier.Ancestry.of(Dags.byId(dag), Item.VIEW);
    Frontier kept = Frontier.empty();
    CausalOrderer<Item> orderer = CausalOrderer.of(Item.VIEW);
    List<Item> delivered = new ArrayList<>();
    for (Item item : Dags.arrivals(random, dag, 0)) {
      orderer.offer(item, delivered::add);
    }
    Set<Hash> all = new HashSet<>();
    for (Item item : delivered) {
      kept = kept.after(item.id(), item.dependencies());
      all.add(item.id());
    }
    assertEquals(Frontier.of(all).normalized(ancestry), kept, "seed " + seed);
  }
}
