package org.walkaway.store.sqlite.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import org.walkaway.store.sqlite.SqliteStoreException;

/**
 * The tables, their version, and the forward migrations between versions.
 *
 * <p>The version is SQLite's {@code user_version} and the file is marked as Walkaway's by
 * {@code application_id}, both in the database header. Each migration runs in its own transaction
 * together with the version bump, so a crash during an upgrade leaves the file at the old version or
 * the new one, never between. There are no downgrades: a file from a newer version is refused.
 *
 * <pre>
 *   logs    (log PK, author, log_id, prune_point)      one row per author and log id
 *     |
 *   events  (event PK, log, seq, id_prefix, id, header) UNIQUE (log, seq): one event per position;
 *                                                        index on id_prefix (id lookups)
 *     |
 *   bodies  (event PK, body)                           apart, so that a body can go and its header stay
 *   forks   (fork PK, log, seq, kept, rejected)        both headers as received; oldest first
 *
 *   state   ((namespace, key) PK, value)              version 2: SqliteStateStore's records, no rowid
 * </pre>
 */
public final class Schema {
  private Schema() {}

  /** "WLKW": tells a Walkaway store from any other SQLite file. */
  public static final int APPLICATION_ID = 0x574c4b57;

  /** One step forward: the statements that take the schema from {@code version - 1} to {@code version}. */
  public record Migration(int version, List<String> statements) {
    public Migration {
      Objects.requireNonNull(statements, "statements");
      statements = List.copyOf(statements);
      if (version < 1) {
        throw new IllegalArgumentException("migrations are numbered from 1, got " + version);
      }
    }
  }

  /** Every migration, in order; the last one's number is the current version. */
  public static final List<Migration> MIGRATIONS =
      List.of(
          new Migration(
              1,
              List.of(
                  "PRAGMA application_id = " + APPLICATION_ID,
                  """
                  CREATE TABLE logs (
                    log INTEGER PRIMARY KEY,
                    author BLOB NOT NULL,
                    log_id BLOB NOT NULL,
                    prune_point INTEGER NOT NULL DEFAULT 0,
                    UNIQUE (author, log_id)
                  )""",
                  "CREATE INDEX logs_by_log_id ON logs (log_id)",
                  """
                  CREATE TABLE events (
                    event INTEGER PRIMARY KEY,
                    log INTEGER NOT NULL REFERENCES logs (log),
                    seq INTEGER NOT NULL,
                    id_prefix INTEGER NOT NULL,
                    id BLOB NOT NULL,
                    header BLOB NOT NULL,
                    UNIQUE (log, seq)
                  )""",
                  // Ids are found through their first 8 bytes, not all 32: ids are random, so each
                  // append writes a random page of this index, and the narrower the entries, the
                  // fewer pages a batch dirties. Not unique: a lookup also compares the whole id.
                  "CREATE INDEX events_by_id ON events (id_prefix)",
                  """
                  CREATE TABLE bodies (
                    event INTEGER PRIMARY KEY REFERENCES events (event),
                    body BLOB NOT NULL
                  )""",
                  """
                  CREATE TABLE forks (
                    fork INTEGER PRIMARY KEY,
                    log INTEGER NOT NULL REFERENCES logs (log),
                    seq INTEGER NOT NULL,
                    kept BLOB NOT NULL,
                    rejected BLOB NOT NULL,
                    UNIQUE (log, seq, rejected)
                  )""",
                  "CREATE INDEX forks_by_log ON forks (log)")),
          // Version 2: processors' durable state (event-core's StateStore SPI), in the same file.
          new Migration(
              2,
              List.of(
                  """
                  CREATE TABLE state (
                    namespace TEXT NOT NULL,
                    key BLOB NOT NULL,
                    value BLOB NOT NULL,
                    PRIMARY KEY (namespace, key)
                  ) WITHOUT ROWID""")));

  public static int currentVersion() {
    return MIGRATIONS.getLast().version();
  }

  /**
   * Brings the database on {@code connection} (autocommit off) up to the last of {@code migrations}, or
   * refuses it. {@code file} names the store in messages. Returns the version found before.
   */
  public static int upgrade(Connection connection, String file, List<Migration> migrations)
      throws SQLException {
    int version = check(connection, file, migrations);
    connection.rollback(); // end the read transaction the pragmas began
    for (Migration migration : migrations) {
      if (migration.version() <= version) {
        continue;
      }
      try (Statement statement = connection.createStatement()) {
        for (String sql : migration.statements()) {
          statement.execute(sql);
        }
        statement.execute("PRAGMA user_version = " + migration.version());
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    }
    return version;
  }

  /**
   * Reads the file's marks and version without changing anything, and refuses a file that is not a
   * Walkaway store or is newer than the last of {@code migrations}. Returns the file's version (0 for
   * a new file).
   */
  public static int check(Connection connection, String file, List<Migration> migrations)
      throws SQLException {
    int target = migrations.getLast().version();
    int applicationId = pragmaInt(connection, "application_id");
    int version = pragmaInt(connection, "user_version");
    if (applicationId == 0 && version == 0) {
      if (tableCount(connection) > 0) {
        throw new SqliteStoreException(
            SqliteStoreException.Kind.NOT_A_STORE,
            file + " is a SQLite database of some other program, not a Walkaway event store; "
                + "open another file");
      }
    } else if (applicationId != APPLICATION_ID) {
      throw new SqliteStoreException(
          SqliteStoreException.Kind.NOT_A_STORE,
          file + " is a SQLite database of some other program (application_id "
              + Integer.toHexString(applicationId) + "), not a Walkaway event store; open another file");
    }
    if (version > target) {
      throw new SqliteStoreException(
          SqliteStoreException.Kind.NEWER_SCHEMA,
          file + " has schema version " + version + ", written by a newer version of Walkaway; "
              + "this version knows schema versions up to " + target
              + ". Upgrade Walkaway to open it; the file was not changed");
    }
    if (version >= 1 && !hasColumn(connection, "events", "id_prefix")) {
      // Version 1's layout changed in place before there were users (see the README): a file from
      // a development build of the earlier layout would fail on its first append, so say it now.
      throw new SqliteStoreException(
          SqliteStoreException.Kind.NOT_A_STORE,
          file + " was written by a development build of Walkaway with an earlier layout of schema"
              + " version 1 (events without id_prefix), which this version cannot read; delete it"
              + " and synchronise again from peers. The file was not changed");
    }
    return version;
  }

  private static boolean hasColumn(Connection connection, String table, String column)
      throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("PRAGMA table_info(" + table + ")")) {
      while (rows.next()) {
        if (column.equals(rows.getString("name"))) {
          return true;
        }
      }
      return false;
    }
  }

  static int pragmaInt(Connection connection, String pragma) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("PRAGMA " + pragma)) {
      return rows.next() ? rows.getInt(1) : 0;
    }
  }

  private static int tableCount(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM sqlite_schema")) {
      return rows.next() ? rows.getInt(1) : 0;
    }
  }
}
