package org.walkaway.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.walkaway.core.Body;
import org.walkaway.core.Bytes;
import org.walkaway.core.Event;
import org.walkaway.core.EventBuilder;
import org.walkaway.core.LogId;
import org.walkaway.core.LogKey;
import org.walkaway.core.SigningKey;
import org.walkaway.core.store.AppendResult;
import org.walkaway.core.store.ForkEvidence;
import org.walkaway.core.testkit.RandomEvents;
import org.walkaway.store.sqlite.SqliteStoreException.Kind;

/** What the SQLite store adds to the contract: a file that lasts, and clear refusals. */
class SqliteStoreTest {
  private static final SigningKey ALICE = SigningKey.fromSeed(filled(0xa1));
  private static final SigningKey BOB = SigningKey.fromSeed(filled(0xb0));
  private static final LogId CHAT = LogId.ofTopic("chat");

  @TempDir Path dir;

  private static byte[] filled(int value) {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) value);
    return seed;
  }

  private static List<Event> log(SigningKey key, LogId logId, int length) {
    List<Event> events = new ArrayList<>();
    for (int seq = 0; seq < length; seq++) {
      EventBuilder builder =
          seq == 0 ? EventBuilder.create().logId(logId) : EventBuilder.following(events.get(seq - 1));
      events.add(builder.body(Body.ofText("body " + seq)).sign(key));
    }
    return events;
  }

  private Path file() {
    return dir.resolve("events.db");
  }

  @Test
  void everythingSurvivesCloseAndReopen() {
    List<Event> events = log(ALICE, CHAT, 20);
    LogKey log = events.get(0).logKey();
    Event fork = EventBuilder.following(events.get(3)).body(Body.ofText("other")).sign(ALICE);
    try (SqliteEventStore store = SqliteEventStore.open(file())) {
      store.appendAll(events.subList(0, 10));
      for (Event event : events.subList(10, 20)) {
        store.append(event);
      }
      store.append(fork);
      store.prune(log, 2);
      store.removeBody(events.get(5).id());
    }
    try (SqliteEventStore store = SqliteEventStore.open(file())) {
      assertEquals(List.of(), store.integrityCheck());
      assertEquals(2, store.prunePoint(log));
      assertEquals(Optional.empty(), store.get(events.get(1).id()));
      assertEquals(Optional.of(events.get(5).withoutBody()), store.get(events.get(5).id()));
      assertEquals(events.subList(6, 20), store.range(log, 6, 100));
      assertEquals(Map.of(log, 19L), store.heights(ALICE.publicKey()));
      assertEquals(
          List.of(new ForkEvidence(log, 4, events.get(4).headerBytes(), fork.headerBytes())),
          store.forks(ALICE.publicKey()));
      Event next = EventBuilder.following(events.get(19)).body(Body.ofText("20")).sign(ALICE);
      assertEquals(new AppendResult.Appended(next), store.append(next), "the log continues");
    }
  }

  /** Random headers (odd extensions, edge sequence numbers, empty and large bodies) read back exactly. */
  @RepeatedTest(5)
  void randomEventsReadBackExactly(RepetitionInfo repetition) {
    long seed = 0x5eed_0000L + repetition.getCurrentRepetition();
    SplittableRandom random = new SplittableRandom(seed);
    SigningKey key = RandomEvents.key(random);
    try (SqliteEventStore store = SqliteEventStore.open(file())) {
      List<Event> chain = RandomEvents.log(random, key, RandomEvents.logId(random), 30);
      assertTrue(store.appendAll(chain).stream().allMatch(AppendResult::isAppended), "seed " + seed);
      assertEquals(chain, store.range(chain.get(0).logKey(), 0, 30), "seed " + seed);
      int appended = 0;
      for (int i = 0; i < 40; i++) {
        Event event = RandomEvents.event(random, RandomEvents.key(random));
        if (store.append(event).isAppended()) {
          appended++;
          assertEquals(Optional.of(event), store.get(event.id()), "seed " + seed + ", event " + i);
        }
      }
      assertTrue(appended > 0, "seed " + seed + ": no random event was appendable");
    }
  }

  @Test
  void bodiesLiveApartAndGoWithPruning() throws SQLException {
    List<Event> events = log(ALICE, CHAT, 10);
    try (SqliteEventStore store = SqliteEventStore.open(file())) {
      store.appendAll(events);
      assertTrue(store.removeBody(events.get(8).id()));
      store.prune(events.get(0).logKey(), 4);
    }
    assertEquals(6, count("SELECT count(*) FROM events"));
    assertEquals(5, count("SELECT count(*) FROM bodies"), "seq 4..9 minus the removed one");
    assertEquals(
        0, count("SELECT count(*) FROM bodies WHERE event NOT IN (SELECT event FROM events)"),
        "no orphan bodies");
  }

  @Test
  void aSecondOpenOfTheSameFileIsRefused() {
    try (SqliteEventStore store = SqliteEventStore.open(file())) {
      SqliteStoreException e = assertThrows(SqliteStoreException.class, () -> SqliteEventStore.open(file()));
      assertEquals(Kind.IN_USE, e.kind());
      assertTrue(e.getMessage().contains("already open"), e.getMessage());
      store.append(log(ALICE, CHAT, 1).get(0));
    }
    SqliteEventStore.open(file()).close(); // the lock went with the first store
  }

  @Test
  void aFileOfGarbageIsReportedCorrupt() throws IOException {
    byte[] garbage = new byte[8192];
    new SplittableRandom(7).nextBytes(garbage);
    Files.write(file(), garbage);
    SqliteStoreException e = assertThrows(SqliteStoreException.class, () -> SqliteEventStore.open(file()));
    assertEquals(Kind.CORRUPT, e.kind(), e.getMessage());
    assertTrue(e.getMessage().contains(file().toString()), e.getMessage());
    assertArrayEquals(garbage, Files.readAllBytes(file()), "the file was left alone");
  }

  @Test
  void aDamagedPageIsReportedCorruptNotSkipped() throws IOException {
    try (SqliteEventStore store = SqliteEventStore.open(file())) {
      for (int i = 0; i < 20; i++) {
        store.appendAll(log(SigningKey.fromSeed(filled(i)), CHAT, 50));
      }
    }
    byte[] bytes = Files.readAllBytes(file());
    Arrays.fill(bytes, 4096, bytes.length, (byte) 0x5a); // every page but the first
    Files.write(file(), bytes);
    SqliteStoreException e =
        assertThrows(
            SqliteStoreException.class,
            () -> {
              try (SqliteEventStore store = SqliteEventStore.open(file())) {
                store.heights(List.of(CHAT));
                store.integrityCheck();
              }
            });
    assertEquals(Kind.CORRUPT, e.kind(), e.getMessage());
  }

  @Test
  void anotherProgramsDatabaseIsNotAStore() throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE contacts (name TEXT)");
    }
    SqliteStoreException e = assertThrows(SqliteStoreException.class, () -> SqliteEventStore.open(file()));
    assertEquals(Kind.NOT_A_STORE, e.kind());
    assertTrue(e.getMessage().contains("not a Walkaway event store"), e.getMessage());
    assertEquals("delete", text("PRAGMA journal_mode"), "not even switched to WAL");
  }

  @Test
  void aNewerSchemaIsRefusedNamingBothVersions() throws SQLException {
    Event first = log(ALICE, CHAT, 1).get(0);
    try (SqliteEventStore store = SqliteEventStore.open(file())) {
      store.append(first);
    }
    int newer = SqliteEventStore.schemaVersion() + 1;
    execute("PRAGMA user_version = " + newer);
    SqliteStoreException e = assertThrows(SqliteStoreException.class, () -> SqliteEventStore.open(file()));
    assertEquals(Kind.NEWER_SCHEMA, e.kind());
    assertTrue(e.getMessage().contains("schema version " + newer), e.getMessage());
    assertTrue(e.getMessage().contains("up to " + SqliteEventStore.schemaVersion()), e.getMessage());
    assertEquals(newer, count("PRAGMA user_version"), "the file was not changed");
    assertEquals(1, count("SELECT count(*) FROM events"));
  }

  /** Version 1's events table changed in place (see the README); a file of the earlier layout is refused. */
  @Test
  void aFileOfTheEarlierVersionOneLayoutIsRefused() throws SQLException {
    SqliteEventStore.open(file()).close();
    execute("DROP INDEX events_by_id");
    execute("ALTER TABLE events DROP COLUMN id_prefix");
    SqliteStoreException e = assertThrows(SqliteStoreException.class, () -> SqliteEventStore.open(file()));
    assertEquals(Kind.NOT_A_STORE, e.kind());
    assertTrue(e.getMessage().contains("earlier layout of schema version 1"), e.getMessage());
  }

  /**
   * A batch that fails half-way (here: a stored header that no longer parses, found when checking the
   * batch's second event) leaves nothing of the batch behind, and the store goes on working.
   */
  @Test
  void aBatchThatFailsHalfWayLeavesNothingBehind() {
    Event alice = log(ALICE, CHAT, 1).get(0);
    List<Event> bob = log(BOB, CHAT, 2);
    Event damaged = new Event(bob.get(0).id(), bob.get(0).header(), Bytes.of(new byte[] {1, 2, 3}), Optional.empty());
    try (SqliteEventStore store = SqliteEventStore.open(file())) {
      store.append(damaged);
    }
    try (SqliteEventStore store = SqliteEventStore.open(file())) {
      SqliteStoreException e =
          assertThrows(SqliteStoreException.class, () -> store.appendAll(List.of(alice, bob.get(1))));
      assertEquals(Kind.CORRUPT, e.kind(), e.getMessage());
      assertEquals(Optional.empty(), store.get(alice.id()), "the batch's first event was rolled back");
      assertEquals(Map.of(), store.heights(ALICE.publicKey()));
      assertEquals(new AppendResult.Appended(alice), store.append(alice), "the store goes on");
      assertEquals(Optional.of(alice), store.get(alice.id()));
    }
  }

  @Test
  void normalDurabilityAndOneReaderWork() {
    List<Event> events = log(ALICE, CHAT, 5);
    SqliteOptions options = SqliteOptions.DEFAULT.withDurability(Durability.NORMAL).withReadConnections(1);
    try (SqliteEventStore store = SqliteEventStore.open(file(), options)) {
      store.appendAll(events);
      assertEquals(events, store.range(events.get(0).logKey(), 0, 10));
    }
    try (SqliteEventStore store = SqliteEventStore.open(file())) {
      assertEquals(events, store.range(events.get(0).logKey(), 0, 10));
    }
  }

  @Test
  void optionsAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> SqliteOptions.DEFAULT.withReadConnections(0));
    assertThrows(IllegalArgumentException.class, () -> SqliteEventStore.open(dir));
  }

  /**
   * Readers running while the store closes either finish normally or get a CLOSED error; nothing
   * else (no SQLException from a connection closed under them), and close returns.
   */
  @Test
  void closingWhileReadersRunStopsThemCleanly() throws InterruptedException {
    List<Event> events = log(ALICE, CHAT, 50);
    SqliteEventStore store = SqliteEventStore.open(file(), SqliteOptions.DEFAULT.withReadConnections(2));
    store.appendAll(events);
    java.util.concurrent.ConcurrentLinkedQueue<Throwable> unexpected = new java.util.concurrent.ConcurrentLinkedQueue<>();
    java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(4);
    // Platform threads: four virtual threads busy in native SQLite calls, which hold their carrier,
    // would keep the others of two carriers from ever starting.
    List<Thread> readers = new ArrayList<>();
    for (int r = 0; r < 4; r++) {
      readers.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    reading.countDown();
                    try {
                      while (true) {
                        store.range(events.get(0).logKey(), 0, 49);
                      }
                    } catch (SqliteStoreException e) {
                      if (e.kind() != Kind.CLOSED) {
                        unexpected.add(e);
                      }
                    } catch (Throwable t) {
                      unexpected.add(t);
                    }
                  }));
    }
    reading.await();
    store.close();
    for (Thread reader : readers) {
      reader.join();
    }
    assertEquals(List.of(), List.copyOf(unexpected));
    SqliteEventStore.open(file()).close();
  }

  @Test
  void closingReleasesTheFileAndIsIdempotent() {
    SqliteEventStore store = SqliteEventStore.open(file());
    store.close();
    store.close();
    SqliteStoreException e = assertThrows(SqliteStoreException.class, () -> store.get(chatKey(), 0));
    assertEquals(Kind.CLOSED, e.kind());
    assertFalse(Files.exists(dir.resolve("events.db-wal")), "the WAL was checkpointed away");
  }

  private static LogKey chatKey() {
    return new LogKey(ALICE.publicKey(), CHAT);
  }

  private long count(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private String text(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getString(1);
    }
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
