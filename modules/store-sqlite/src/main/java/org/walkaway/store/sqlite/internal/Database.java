package org.walkaway.store.sqlite.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;
import org.walkaway.store.sqlite.SqliteStoreException;

/**
 * The connections to one SQLite database, and the transactions run on them.
 *
 * <pre>
 *            write(...)                         read(...)
 *                |                         |        |        |
 *         ReentrantLock (one writer)     borrow an idle reader session
 *                |                         |        |        |
 *          writer session              reader 1  reader 2  ... reader n   (query_only)
 *                \_________________________|________|________|
 *                              one file, WAL mode
 * </pre>
 *
 * <p>Writes take turns on one connection behind a {@link ReentrantLock}, not {@code synchronized}:
 * a virtual thread blocked in JDBC inside {@code synchronized} would pin its carrier. Each write is
 * one transaction, committed or rolled back whole. Reads run on a small pool of connections; in WAL
 * mode a reader sees the last commit made before its transaction began and never waits for the
 * writer. Each read is one transaction too, so a read made of several statements sees one state.
 *
 * <p>An in-memory database exists once per connection, so in-memory mode has no reader pool: reads
 * run on the writer's connection under the same lock.
 */
public final class Database implements AutoCloseable {
  private static final long CLOSE_WAIT_SECONDS = 30;

  private final String name;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final Session writer;
  private final BlockingQueue<Session> idleReaders;
  private final List<Session> readers;
  private final Optional<LockFile> lockFile;
  private volatile boolean closed;

  private Database(String name, Session writer, List<Session> readers, Optional<LockFile> lockFile) {
    this.name = name;
    this.writer = writer;
    this.readers = List.copyOf(readers);
    this.idleReaders = new ArrayBlockingQueue<>(Math.max(1, readers.size()), false, readers);
    this.lockFile = lockFile;
  }

  /**
   * Opens (creating if absent) the database file, locks it, and migrates its schema.
   *
   * @param syncEveryCommit {@code synchronous=FULL} if true, else {@code NORMAL}
   */
  public static Database open(
      Path file, boolean syncEveryCommit, int readConnections, List<Schema.Migration> migrations) {
    Path absolute = file.toAbsolutePath();
    if (Files.isDirectory(absolute)) {
      throw new IllegalArgumentException(absolute + " is a directory; give the path of a file");
    }
    LockFile lock = LockFile.acquire(absolute);
    List<Session> opened = new ArrayList<>();
    String url = "jdbc:sqlite:" + absolute;
    try {
      Session writer = new Session(connect(url));
      opened.add(writer);
      // Before anything writes (switching to WAL does): a foreign or newer file is left untouched.
      Schema.check(writer.connection(), absolute.toString(), migrations);
      String mode = queryString(writer.connection(), "PRAGMA journal_mode = WAL");
      if (!"wal".equalsIgnoreCase(mode)) {
        throw new SqliteStoreException(
            SqliteStoreException.Kind.FAILED,
            "SQLite would not put " + absolute + " in WAL mode (it chose " + mode + ")");
      }
      execute(
          writer.connection(),
          "PRAGMA synchronous = " + (syncEveryCommit ? "FULL" : "NORMAL"));
      // Event ids are random, so every append lands on a random page of the id index; a larger
      // cache (32 MiB instead of 2) keeps those pages in memory between commits. Checkpoints copy
      // the WAL into the database and sync it: every 10,000 pages (40 MiB) rather than 1,000, they
      // cost less per event, and the WAL file is cut back to 64 MiB after each. The page size stays
      // SQLite's 4 KiB: 8 KiB pages saved CPU on a small store but, once the id index outgrows the
      // cache, doubled the bytes written for each random index page an append touches.
      execute(writer.connection(), "PRAGMA cache_size = -32768");
      execute(writer.connection(), "PRAGMA wal_autocheckpoint = 10000");
      execute(writer.connection(), "PRAGMA journal_size_limit = 67108864");
      writer.connection().setAutoCommit(false);
      Schema.upgrade(writer.connection(), absolute.toString(), migrations);
      List<Session> readers = new ArrayList<>();
      for (int i = 0; i < readConnections; i++) {
        Session reader = new Session(connect(url));
        opened.add(reader);
        execute(reader.connection(), "PRAGMA query_only = 1");
        execute(reader.connection(), "PRAGMA cache_size = -8192");
        reader.connection().setAutoCommit(false);
        readers.add(reader);
      }
      return new Database(absolute.toString(), writer, readers, Optional.of(lock));
    } catch (SQLException e) {
      closeAll(opened);
      lock.close();
      throw Errors.of("opening " + absolute, e);
    } catch (RuntimeException e) {
      closeAll(opened);
      lock.close();
      throw e;
    }
  }

  /** A private database in memory, gone when closed. */
  public static Database inMemory(List<Schema.Migration> migrations) {
    try {
      Session writer = new Session(connect("jdbc:sqlite::memory:"));
      try {
        writer.connection().setAutoCommit(false);
        Schema.upgrade(writer.connection(), "the in-memory store", migrations);
        return new Database("the in-memory store", writer, List.of(), Optional.empty());
      } catch (SQLException | RuntimeException e) {
        closeAll(List.of(writer));
        throw e;
      }
    } catch (SQLException e) {
      throw Errors.of("creating an in-memory store", e);
    }
  }

  private static Connection connect(String url) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    // The writer holds the only write lock (see LockFile); a reader never waits for it in WAL mode,
    // but a checkpoint may briefly hold readers off: wait rather than fail.
    config.setBusyTimeout(10_000);
    return config.createConnection(url);
  }

  public String name() {
    return name;
  }

  /**
   * Runs {@code action} in one write transaction and commits it. If anything throws, the transaction
   * is rolled back whole, {@code onRollback} runs, and the failure is rethrown (SQL failures as
   * {@link SqliteStoreException}).
   */
  public <T> T write(String doing, SqlFunction<T> action, Runnable onRollback) {
    writeLock.lock();
    try {
      checkOpen();
      try {
        T result = action.apply(writer);
        writer.connection().commit();
        return result;
      } catch (SQLException e) {
        rollback(writer, onRollback);
        throw Errors.of(doing + " " + name, e);
      } catch (RuntimeException | Error e) {
        rollback(writer, onRollback);
        throw e;
      }
    } finally {
      writeLock.unlock();
    }
  }

  /** Runs {@code action} in one read transaction: it sees one committed state throughout. */
  public <T> T read(String doing, SqlFunction<T> action) {
    if (readers.isEmpty()) {
      writeLock.lock();
      try {
        checkOpen();
        return readOn(writer, doing, action);
      } finally {
        writeLock.unlock();
      }
    }
    Session session = borrowReader();
    try {
      return readOn(session, doing, action);
    } finally {
      idleReaders.add(session);
    }
  }

  private <T> T readOn(Session session, String doing, SqlFunction<T> action) {
    try {
      T result = action.apply(session);
      session.connection().rollback(); // ends the read transaction; there is nothing to commit
      return result;
    } catch (SQLException e) {
      rollback(session, () -> {});
      throw Errors.of(doing + " " + name, e);
    } catch (RuntimeException | Error e) {
      rollback(session, () -> {});
      throw e;
    }
  }

  private Session borrowReader() {
    try {
      while (true) {
        checkOpen();
        // Poll, not take: a reader waiting here must notice that the store was closed.
        Session session = idleReaders.poll(50, TimeUnit.MILLISECONDS);
        if (session != null) {
          if (closed) {
            idleReaders.add(session);
            checkOpen();
          }
          return session;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SqliteStoreException(
          SqliteStoreException.Kind.FAILED,
          "interrupted while waiting for a read connection to " + name,
          e);
    }
  }

  /** SQLite's {@code PRAGMA integrity_check}: empty if the file is sound, else what is wrong. */
  public List<String> integrityCheck() {
    return read(
        "checking",
        session -> {
          List<String> problems = new ArrayList<>();
          try (Statement statement = session.connection().createStatement();
              ResultSet rows = statement.executeQuery("PRAGMA integrity_check")) {
            while (rows.next()) {
              String line = rows.getString(1);
              if (!"ok".equals(line)) {
                problems.add(line);
              }
            }
          }
          return problems;
        });
  }

  public void checkOpen() {
    if (closed) {
      throw new SqliteStoreException(
          SqliteStoreException.Kind.CLOSED, "the store " + name + " is closed; open it again");
    }
  }

  /**
   * Waits for the running write and reads to finish, closes every connection (SQLite checkpoints the
   * WAL into the database when the last one closes) and releases the lock file. Idempotent.
   */
  @Override
  public void close() {
    writeLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      List<Session> returned = new ArrayList<>();
      try {
        for (int i = 0; i < readers.size(); i++) {
          Session session = idleReaders.poll(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
          if (session == null) {
            break; // a read is stuck; close its connection under it rather than hang
          }
          returned.add(session);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      List<Session> all = new ArrayList<>(readers);
      all.add(writer); // last: closing it last lets SQLite checkpoint and remove the WAL
      closeAll(all);
    } finally {
      lockFile.ifPresent(LockFile::close);
      writeLock.unlock();
    }
  }

  private static void rollback(Session session, Runnable onRollback) {
    try {
      session.connection().rollback();
    } catch (SQLException e) {
      // The connection is unusable or had no transaction; SQLite rolls back on its own when a
      // statement fails inside a transaction it cannot continue.
    } finally {
      onRollback.run();
    }
  }

  private static void closeAll(List<Session> sessions) {
    for (Session session : sessions) {
      try {
        session.close();
      } catch (SQLException e) {
        // Closing: nothing more to lose; the file's own journal keeps it consistent.
      }
    }
  }

  private static String queryString(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      return rows.next() ? rows.getString(1) : "";
    }
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
