package org.walkaway.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.walkaway.core.Body;
import org.walkaway.core.Event;
import org.walkaway.core.EventBuilder;
import org.walkaway.core.Hash;
import org.walkaway.core.LogId;
import org.walkaway.core.LogKey;
import org.walkaway.core.PublicKey;
import org.walkaway.core.SigningKey;
import org.walkaway.core.store.AppendResult;
import org.walkaway.core.store.InMemoryEventStore;

/**
 * The writer stages accepted rows and inserts them many to a statement; ids are indexed by their
 * first 8 bytes. These tests aim at what that could break: duplicates, forks, withheld bodies and
 * prune points inside one batch, batches that do not fill a statement, and ids that share a prefix.
 */
class BatchStagingTest {
  @TempDir Path dir;

  /** Random batches give the same results and the same state as {@link InMemoryEventStore}. */
  @RepeatedTest(6)
  void randomBatchesMatchTheInMemoryStore(RepetitionInfo repetition) {
    long seed = 0xba7c_0000L + repetition.getCurrentRepetition();
    SplittableRandom random = new SplittableRandom(seed);
    List<Event> stream = new ArrayList<>();
    Set<Event> touched = new LinkedHashSet<>();
    List<LogKey> logs = new ArrayList<>();
    List<SigningKey> authors = new ArrayList<>();
    for (int log = 0; log < 3; log++) {
      SigningKey author = SigningKey.generate(random);
      authors.add(author);
      List<Event> chain = chain(random, author, LogId.ofTopic("log " + log), 60 + random.nextInt(60));
      logs.add(chain.getFirst().logKey());
      touched.addAll(chain);
      for (Event event : chain) {
        // Withheld bodies, sent again later with the body; forks; events out of order.
        boolean withhold = random.nextInt(6) == 0;
        stream.add(withhold ? event.withoutBody() : event);
        if (withhold && random.nextBoolean()) {
          stream.add(event);
        }
        if (event.seqNum() > 0 && random.nextInt(15) == 0) {
          Event fork = forkOf(chain.get((int) event.seqNum() - 1), author, random);
          touched.add(fork);
          stream.add(fork);
        }
        if (random.nextInt(20) == 0) {
          stream.add(stream.get(random.nextInt(stream.size())));
        }
      }
    }
    shuffleNearby(stream, random);
    try (SqliteEventStore sqlite = SqliteEventStore.open(dir.resolve("events.db"))) {
      InMemoryEventStore reference = new InMemoryEventStore();
      int from = 0;
      while (from < stream.size()) {
        int size = Math.min(stream.size() - from, 1 + random.nextInt(random.nextBoolean() ? 8 : 100));
        List<Event> batch = stream.subList(from, from + size);
        assertEquals(
            outcomes(reference.appendAll(batch)), outcomes(sqlite.appendAll(batch)),
            "seed " + seed + ", batch at " + from);
        from += size;
      }
      for (LogKey log : logs) {
        assertEquals(reference.range(log, 0, 1_000), sqlite.range(log, 0, 1_000), "seed " + seed);
        assertEquals(reference.prunePoint(log), sqlite.prunePoint(log), "seed " + seed);
      }
      for (SigningKey author : authors) {
        PublicKey key = author.publicKey();
        assertEquals(reference.heights(key), sqlite.heights(key), "seed " + seed);
        assertEquals(reference.forks(key), sqlite.forks(key), "seed " + seed);
      }
      for (Event event : touched) {
        assertEquals(reference.get(event.id()), sqlite.get(event.id()), "seed " + seed);
      }
      assertEquals(List.of(), sqlite.integrityCheck(), "seed " + seed);
    }
  }

  /** An id whose first 8 bytes equal a stored id's is a different id: found, or removed, apart. */
  @Test
  void idsSharingTheirPrefixStayApart() throws SQLException {
    SigningKey author = SigningKey.generate(new SplittableRandom(7));
    List<Event> chain = chain(new SplittableRandom(8), author, LogId.ofTopic("prefix"), 3);
    Path file = dir.resolve("events.db");
    try (SqliteEventStore store = SqliteEventStore.open(file)) {
      store.appendAll(chain);
    }
    byte[] stored = chain.get(1).id().bytes().toArray();
    byte[] twin = stored.clone();
    twin[31] ^= 1;
    Hash twinId = Hash.fromBytes(twin);
    // A row that only a prefix collision would produce: another id under the same 8-byte key.
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO events (log, seq, id_prefix, id, header)"
                    + " SELECT log, 1000, id_prefix, ?, header FROM events WHERE id = ?")) {
      insert.setBytes(1, twin);
      insert.setBytes(2, stored);
      assertEquals(1, insert.executeUpdate());
      assertEquals(ByteBuffer.wrap(stored).getLong(), prefixOf(connection, twin));
    }
    try (SqliteEventStore store = SqliteEventStore.open(file)) {
      assertEquals(Optional.of(chain.get(1)), store.get(chain.get(1).id()));
      assertEquals(twinId, store.get(twinId).orElseThrow().id(), "the twin row is found by its own id");
      byte[] absent = stored.clone();
      absent[31] ^= 2;
      assertEquals(Optional.empty(), store.get(Hash.fromBytes(absent)));
      assertFalse(store.removeBody(twinId), "the twin row has no body");
      assertTrue(
          store.get(chain.get(1).id()).orElseThrow().body().isPresent(), "its neighbour's body stays");
      assertTrue(store.removeBody(chain.get(1).id()));
      assertEquals(Optional.of(chain.get(1).withoutBody()), store.get(chain.get(1).id()));
    }
  }

  private static long prefixOf(Connection connection, byte[] id) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement("SELECT id_prefix FROM events WHERE id = ?")) {
      query.setBytes(1, id);
      try (ResultSet rows = query.executeQuery()) {
        assertTrue(rows.next());
        return rows.getLong(1);
      }
    }
  }

  private static List<Event> chain(SplittableRandom random, SigningKey author, LogId logId, int length) {
    List<Event> chain = new ArrayList<>();
    for (int seq = 0; seq < length; seq++) {
      EventBuilder builder =
          seq == 0 ? EventBuilder.create().logId(logId) : EventBuilder.following(chain.get(seq - 1));
      if (seq > 10 && random.nextInt(40) == 0) {
        builder.prune();
      }
      int bodySize = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(300);
      chain.add(builder.body(Body.of(bytes(random, bodySize))).sign(author));
    }
    return chain;
  }

  private static Event forkOf(Event previous, SigningKey author, SplittableRandom random) {
    return EventBuilder.following(previous).body(Body.of(bytes(random, 17))).sign(author);
  }

  private static byte[] bytes(SplittableRandom random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  /** Moves some events a few places, so that some arrive before their predecessor. */
  private static void shuffleNearby(List<Event> stream, SplittableRandom random) {
    for (int i = 0; i + 3 < stream.size(); i++) {
      if (random.nextInt(25) == 0) {
        Event moved = stream.remove(i);
        stream.add(i + 1 + random.nextInt(3), moved);
      }
    }
  }

  /** What a result says, without the rejection's wording (which each store phrases its own way). */
  private static List<String> outcomes(List<AppendResult> results) {
    return results.stream()
        .map(
            result ->
                switch (result) {
                  case AppendResult.Appended appended -> "appended " + appended.event().id();
                  case AppendResult.Duplicate duplicate -> "duplicate " + duplicate.id();
                  case AppendResult.Rejected rejected ->
                      "rejected " + rejected.event().id() + " " + rejected.rejection().reason();
                })
        .toList();
  }
}
