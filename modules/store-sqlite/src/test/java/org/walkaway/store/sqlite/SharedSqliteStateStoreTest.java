package org.walkaway.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.walkaway.core.Body;
import org.walkaway.core.Bytes;
import org.walkaway.core.Event;
import org.walkaway.core.EventBuilder;
import org.walkaway.core.LogId;
import org.walkaway.core.SigningKey;
import org.walkaway.core.state.KeyRange;
import org.walkaway.core.state.Namespace;
import org.walkaway.core.state.StateBatch;
import org.walkaway.core.state.StateStore;
import org.walkaway.core.store.StoreException;
import org.walkaway.core.testkit.StateStoreContract;
import org.walkaway.store.sqlite.internal.Database;
import org.walkaway.store.sqlite.internal.Schema;

/**
 * The state-store contract against a {@link SqliteStateStore} that shares the file and connections
 * of a {@link SqliteEventStore}, the way a node runs; and the file's migration from schema version 1,
 * which had no state table.
 */
class SharedSqliteStateStoreTest extends StateStoreContract {
  private static final Namespace CURSORS = Namespace.of("cursors");

  @TempDir Path dir;
  private final List<SqliteEventStore> eventStores = new ArrayList<>();

  private Path file() {
    return dir.resolve("node.db");
  }

  private SqliteStateStore openShared() {
    SqliteEventStore events = SqliteEventStore.open(file());
    eventStores.add(events);
    return SqliteStateStore.sharing(events);
  }

  @Override
  protected StateStore newStore() {
    return openShared();
  }

  @Override
  protected boolean survivesReopen() {
    return true;
  }

  @Override
  protected StateStore reopen() {
    eventStores.forEach(SqliteEventStore::close);
    return openShared();
  }

  @AfterEach
  void closeEventStores() {
    eventStores.forEach(SqliteEventStore::close);
  }

  private static List<Event> log(SigningKey key, int length) {
    List<Event> events = new ArrayList<>();
    for (int seq = 0; seq < length; seq++) {
      EventBuilder builder =
          seq == 0 ? EventBuilder.create().logId(LogId.ofTopic("chat")) : EventBuilder.following(events.get(seq - 1));
      events.add(builder.body(Body.ofText("body " + seq)).sign(key));
    }
    return events;
  }

  private static Bytes number(long n) {
    return Bytes.of(java.nio.ByteBuffer.allocate(8).putLong(n).array());
  }

  @Test
  void eventsAndStateLiveInOneFileAndInterleave() {
    SqliteEventStore events = eventStores.getFirst();
    List<Event> log = log(SigningKey.generate(), 20);
    for (int i = 0; i < log.size(); i++) {
      assertTrue(events.append(log.get(i)).isAppended());
      store.put(CURSORS, Bytes.of((byte) 1), number(i));
    }
    assertEquals(Optional.of(number(19)), store.get(CURSORS, Bytes.of((byte) 1)));
    assertEquals(List.of(), events.integrityCheck());
    store.close();
    store = reopen();
    assertEquals(Optional.of(number(19)), store.get(CURSORS, Bytes.of((byte) 1)));
    assertEquals(log.getLast(), eventStores.getLast().latest(log.getFirst().logKey()).orElseThrow());
    assertEquals(List.of(file().getFileName().toString()), dbFiles(), "one file per node");
  }

  private List<String> dbFiles() {
    try (var files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".db")).toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void closingTheEventStoreClosesTheSharedStateStore() {
    store.put(CURSORS, Bytes.EMPTY, Bytes.EMPTY);
    eventStores.getFirst().close();
    StoreException e = assertThrows(StoreException.class, () -> store.get(CURSORS, Bytes.EMPTY));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
    assertThrows(StoreException.class, () -> store.apply(StateBatch.builder().delete(CURSORS, Bytes.EMPTY).build()));
  }

  @Test
  void closingTheSharedStateStoreLeavesTheEventStoreOpen() {
    store.close();
    Event first = log(SigningKey.generate(), 1).getFirst();
    assertTrue(eventStores.getFirst().append(first).isAppended());
  }

  /** A file written by schema version 1 (no state table) opens, migrates, and keeps its events. */
  @Test
  void aVersionOneFileIsMigratedAndKeepsItsEvents() throws SQLException {
    store.close();
    eventStores.forEach(SqliteEventStore::close);
    Path old = dir.resolve("old.db");
    // The file as version-1 code made it: its migrations only.
    Database.open(old, true, 1, Schema.MIGRATIONS.subList(0, 1)).close();
    assertEquals(1, query(old, "PRAGMA user_version"));
    assertEquals(0, query(old, "SELECT count(*) FROM sqlite_schema WHERE name = 'state'"));
    List<Event> log = log(SigningKey.generate(), 5);
    try (SqliteEventStore events = SqliteEventStore.open(old)) {
      events.appendAll(log);
      SqliteStateStore state = SqliteStateStore.sharing(events);
      state.put(CURSORS, Bytes.of((byte) 7), number(4));
    }
    assertEquals(Schema.currentVersion(), query(old, "PRAGMA user_version"));

    // A version-1 file that holds events: take the state table away again, as if never migrated.
    execute(old, "DROP TABLE state");
    execute(old, "PRAGMA user_version = 1");
    try (SqliteEventStore events = SqliteEventStore.open(old)) {
      assertEquals(log, events.range(log.getFirst().logKey(), 0, 10), "events kept through the migration");
      SqliteStateStore state = SqliteStateStore.sharing(events);
      assertEquals(List.of(), state.scan(CURSORS, KeyRange.all(), 10), "a fresh state table");
      state.put(CURSORS, Bytes.of((byte) 7), number(5));
      assertEquals(Optional.of(number(5)), state.get(CURSORS, Bytes.of((byte) 7)));
      assertEquals(List.of(), events.integrityCheck());
    }
    assertEquals(Schema.currentVersion(), query(old, "PRAGMA user_version"));
  }

  private static long query(Path file, String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static void execute(Path file, String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
