package org.walkaway.ordering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.walkaway.core.Rejection.Reason;
import org.walkaway.core.Verdict;

class ClocksTest {

  static LongStream seeds() {
    return LongStream.range(0, 40).map(i -> 0xC10C_0000L + i);
  }

  /** A wall clock that tests move by hand. */
  static final class ManualClock implements InstantSource {
    long micros;

    ManualClock(long micros) {
      this.micros = micros;
    }

    @Override
    public Instant instant() {
      return Instant.EPOCH.plusNanos(micros * 1_000);
    }
  }

  @Test
  void lamport() {
    LamportClock clock = LamportClock.ZERO.tick();
    assertEquals(1, clock.time());
    assertEquals(11, clock.observe(10).orElseThrow().time());
    assertEquals(2, clock.observe(0).orElseThrow().time());
    var refused = assertThrows(org.walkaway.core.RejectedException.class, () -> clock.observe(Long.MAX_VALUE).orElseThrow());
    assertEquals(Reason.REFUSED, refused.rejection().reason());
    assertFalse(clock.observe(-1).isAccepted());
    assertThrows(IllegalStateException.class, () -> new LamportClock(Long.MAX_VALUE).tick());
  }

  @Test
  void hybridClockFollowsTheWallAndCausality() {
    ManualClock wall = new ManualClock(1_000);
    HybridLogicalClock clock = new HybridLogicalClock(wall, Duration.ofMillis(1));
    assertEquals(new HlcTimestamp(1_000, 0), clock.now());
    assertEquals(new HlcTimestamp(1_000, 1), clock.now());
    wall.micros = 2_000;
    assertEquals(new HlcTimestamp(2_000, 0), clock.now());
    // A remote reading slightly ahead (within the skew) pulls us forward.
    assertEquals(new HlcTimestamp(2_500, 4), clock.observe(new HlcTimestamp(2_500, 3)).orElseThrow());
    // The wall clock steps back: readings stay monotonic.
    wall.micros = 100;
    assertEquals(new HlcTimestamp(2_500, 5), clock.now());
  }

  @Test
  void hybridClockRefusesReadingsTooFarAhead() {
    ManualClock wall = new ManualClock(1_000_000);
    HybridLogicalClock clock = new HybridLogicalClock(wall, Duration.ofMillis(500));
    HlcTimestamp before = clock.now();
    Verdict<HlcTimestamp> verdict = clock.observe(new HlcTimestamp(1_000_000 + 500_001, 0));
    assertFalse(verdict.isAccepted());
    assertEquals(before, clock.last(), "a refused reading leaves the clock as it was");
    assertTrue(clock.observe(new HlcTimestamp(1_000_000 + 500_000, 0)).isAccepted());
    assertEquals(Duration.ofMillis(500), clock.maxSkew());
  }

  @Test
  void hybridClockCounterCarriesIntoTheNextMicrosecond() {
    ManualClock wall = new ManualClock(5);
    HybridLogicalClock clock = new HybridLogicalClock(wall, Duration.ofSeconds(1));
    HlcTimestamp carried = clock.observe(new HlcTimestamp(5, Integer.MAX_VALUE)).orElseThrow();
    assertEquals(new HlcTimestamp(6, 0), carried);
  }

  /** Messages between three peers with drifting clocks: every receive is later than its send. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void hybridClocksRespectCausalityBetweenPeers(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<ManualClock> walls = List.of(new ManualClock(1_000_000), new ManualClock(1_000_300), new ManualClock(999_800));
    List<HybridLogicalClock> clocks =
        walls.stream().map(w -> new HybridLogicalClock(w, Duration.ofMillis(1))).toList();
    HlcTimestamp[] last = new HlcTimestamp[3];
    long latestWall = 1_000_300;
    for (int step = 0; step < 500; step++) {
      int peer = random.nextInt(3);
      walls.get(peer).micros += random.nextInt(3) == 0 ? -random.nextInt(50) : random.nextInt(100);
      HlcTimestamp sent = clocks.get(peer).now();
      assertTrue(last[peer] == null || sent.compareTo(last[peer]) > 0, "seed " + seed + ": monotonic");
      last[peer] = sent;
      int receiver = (peer + 1 + random.nextInt(2)) % 3;
      Verdict<HlcTimestamp> received = clocks.get(receiver).observe(sent);
      if (received instanceof Verdict.Accepted<HlcTimestamp>(HlcTimestamp stamp)) {
        assertTrue(stamp.compareTo(sent) > 0, "seed " + seed + ": receive after send");
        assertTrue(last[receiver] == null || stamp.compareTo(last[receiver]) > 0, "seed " + seed);
        last[receiver] = stamp;
      }
      // Drift stays bounded: no reading runs more than the skew ahead of the latest wall time.
      latestWall = Math.max(latestWall, walls.get(peer).micros);
      for (int p = 0; p < 3; p++) {
        assertTrue(clocks.get(p).last().micros() <= latestWall + 1_000, "seed " + seed);
      }
    }
  }
}
