package org.walkaway.store.sqlite.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.walkaway.core.Body;
import org.walkaway.core.Event;
import org.walkaway.core.EventBuilder;
import org.walkaway.core.LogId;
import org.walkaway.core.SigningKey;
import org.walkaway.store.sqlite.SqliteEventStore;
import org.walkaway.store.sqlite.SqliteStoreException;

/** Forward migrations: applied in order, each whole or not at all, data kept. */
class SchemaTest {
  @TempDir Path dir;

  private Path file() {
    return dir.resolve("events.db");
  }

  @Test
  void aNewFileGetsTheCurrentVersion() throws SQLException {
    SqliteEventStore.open(file()).close();
    assertEquals(Schema.currentVersion(), pragma("user_version"));
    assertEquals(Schema.APPLICATION_ID, pragma("application_id"));
    assertEquals(2, Schema.currentVersion(), "update this test when a migration is added");
  }

  @Test
  void aLaterMigrationRunsOnceAndKeepsTheData() throws SQLException {
    Event event = EventBuilder.create().logId(LogId.ofTopic("t")).body(Body.ofText("kept")).sign(SigningKey.generate());
    try (SqliteEventStore store = SqliteEventStore.open(file())) {
      store.append(event);
    }
    List<Schema.Migration> next = new ArrayList<>(Schema.MIGRATIONS);
    int later = Schema.currentVersion() + 1;
    next.add(
        new Schema.Migration(
            later, List.of("ALTER TABLE logs ADD COLUMN label TEXT", "UPDATE logs SET label = 'migrated'")));
    Database.open(file(), true, 2, next).close();
    Database.open(file(), true, 2, next).close(); // at the later version now: nothing to run
    assertEquals(later, pragma("user_version"));
    assertEquals(1, query("SELECT count(*) FROM logs WHERE label = 'migrated'"));
    assertEquals(1, query("SELECT count(*) FROM bodies"));
  }

  @Test
  void aFailingMigrationLeavesTheOldVersionWhole() throws SQLException {
    SqliteEventStore.open(file()).close();
    List<Schema.Migration> broken = new ArrayList<>(Schema.MIGRATIONS);
    broken.add(new Schema.Migration(Schema.currentVersion() + 1, List.of("CREATE TABLE half (x)", "THIS IS NOT SQL")));
    assertThrows(SqliteStoreException.class, () -> Database.open(file(), true, 2, broken));
    assertEquals(Schema.currentVersion(), pragma("user_version"));
    assertEquals(0, query("SELECT count(*) FROM sqlite_schema WHERE name = 'half'"));
    SqliteEventStore.open(file()).close(); // and the lock was released
  }

  private long pragma(String name) throws SQLException {
    return query("PRAGMA " + name);
  }

  private long query(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
