package org.walkaway.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.walkaway.core.DecodeLimits;
import org.walkaway.core.Event;
import org.walkaway.core.SigningKey;
import org.walkaway.core.store.InMemoryEventStore;

/**
 * For random logs spread over N peers (random prefixes, some logs pruned) and random pairwise sync
 * orders: every sync leaves its two peers with the same events, without duplicates, and a final
 * sweep leaves all peers with the same set. Sessions verify on their own thread, on a direct
 * executor, or on a shared pool (batches pipelined: one verified while the next is spliced).
 */
class ConvergencePropertyTest {
  private static final int PEERS = 5;
  private static final ExecutorService POOL = Executors.newFixedThreadPool(2, task -> {
    Thread thread = new Thread(task, "convergence-verify");
    thread.setDaemon(true);
    return thread;
  });

  @AfterAll
  static void stopPool() {
    POOL.shutdownNow();
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
  void randomSyncOrdersConverge(long seed) {
    converge(seed, 2, 8, 25, new int[] {0, 1, 3, 1000});
  }

  /** Enough logs that reconciliation splits ranges into fingerprints, not just whole item lists. */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {101, 102, 103, 104})
  void manyLogsConvergeThroughRangeSplitting(long seed) {
    converge(seed, 40, 90, 3, new int[] {0, 5});
  }

  private static void converge(long seed, int minAuthors, int maxAuthors, int maxLength, int[] reconcileAbove) {
    SplittableRandom random = new SplittableRandom(seed);
    SigningKey[] nodes = new SigningKey[PEERS];
    InMemoryEventStore[] stores = new InMemoryEventStore[PEERS];
    for (int p = 0; p < PEERS; p++) {
      nodes[p] = Fixtures.node(seed * 100 + p);
      stores[p] = new InMemoryEventStore();
    }
    int authors = minAuthors + random.nextInt(maxAuthors - minAuthors + 1);
    for (int a = 0; a < authors; a++) {
      int length = 1 + random.nextInt(maxLength);
      int pruneAt = random.nextInt(4) == 0 ? 1 + random.nextInt(length) : -1;
      List<Event> log = Fixtures.log(random, length, random.nextInt(100), pruneAt);
      for (int p = 0; p < PEERS; p++) {
        int prefix = random.nextInt(3) == 0 ? 0 : random.nextInt(length + 1);
        Fixtures.appendAll(stores[p], log.subList(0, prefix));
      }
    }
    int rounds = 2 * PEERS + random.nextInt(2 * PEERS);
    List<int[]> order = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      int x = random.nextInt(PEERS);
      int y = (x + 1 + random.nextInt(PEERS - 1)) % PEERS;
      order.add(new int[] {x, y});
    }
    for (int p = 0; p + 1 < PEERS; p++) {
      order.add(new int[] {p, p + 1});
    }
    for (int p = PEERS - 1; p > 0; p--) {
      order.add(new int[] {p, p - 1});
    }
    long reconciled = 0;
    for (int[] pair : order) {
      String context = "seed " + seed + ", sync " + pair[0] + " <-> " + pair[1];
      SyncConfig config = randomConfig(random, nodes[pair[0]], nodes[pair[1]], true, reconcileAbove);
      SyncConfig mirror = randomConfig(random, nodes[pair[1]], nodes[pair[0]], false, reconcileAbove);
      Fixtures.Link link = new Fixtures.Link(new SyncSession(config, stores[pair[0]]),
          new SyncSession(mirror, stores[pair[1]])).run();
      assertTrue(link.at(true, SyncOutput.Failed.class).isEmpty() && link.at(false, SyncOutput.Failed.class).isEmpty(),
          context + ": " + link.outputsA + " / " + link.outputsB);
      assertEquals(Fixtures.ids(stores[pair[0]]), Fixtures.ids(stores[pair[1]]), context);
      assertEquals(0, link.a.stats().duplicatesReceived() + link.b.stats().duplicatesReceived(), context);
      assertEquals(link.a.stats().eventsSent(), link.b.stats().eventsReceived(), context + ": only missing events travel");
      assertEquals(link.b.stats().eventsSent(), link.a.stats().eventsReceived(), context + ": only missing events travel");
      reconciled += link.a.stats().reconciliationMessages();
    }
    assertTrue(reconciled > 0, "seed " + seed + ": some syncs ran the range reconciliation");
    for (int p = 1; p < PEERS; p++) {
      assertEquals(Fixtures.ids(stores[0]), Fixtures.ids(stores[p]), "seed " + seed + ", peer " + p);
    }
  }

  private static SyncConfig randomConfig(
      SplittableRandom random, SigningKey local, SigningKey peer, boolean initiator, int[] reconcileAbove) {
    return new SyncConfig(Fixtures.TOPIC, local.publicKey(), peer.publicKey(), initiator, false,
        reconcileAbove[random.nextInt(reconcileAbove.length)], SyncConfig.DEFAULT_MAX_FRAME_BYTES, 30_000,
        1 + random.nextInt(8), 1 + random.nextInt(8), DecodeLimits.DEFAULT, randomExecutor(random),
        1 + random.nextInt(3));
  }

  private static Optional<Executor> randomExecutor(SplittableRandom random) {
    return switch (random.nextInt(3)) {
      case 0 -> Optional.empty();
      case 1 -> Optional.of(Runnable::run);
      default -> Optional.of(POOL);
    };
  }
}
