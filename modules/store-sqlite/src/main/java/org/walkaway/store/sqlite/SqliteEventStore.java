package org.walkaway.store.sqlite;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.walkaway.core.Event;
import org.walkaway.core.Hash;
import org.walkaway.core.LogId;
import org.walkaway.core.LogKey;
import org.walkaway.core.PublicKey;
import org.walkaway.core.store.AppendResult;
import org.walkaway.core.store.EventStore;
import org.walkaway.core.store.ForkEvidence;
import org.walkaway.store.sqlite.internal.Database;
import org.walkaway.store.sqlite.internal.EventReader;
import org.walkaway.store.sqlite.internal.EventWriter;
import org.walkaway.store.sqlite.internal.Schema;
import org.walkaway.store.sqlite.internal.SqlFunction;

/**
 * An {@link EventStore} in one SQLite file: what users keep on their own machine.
 *
 * <pre>{@code
 * try (SqliteEventStore store = SqliteEventStore.open(Path.of("walkaway/events.db"))) {
 *   store.appendAll(events);           // one transaction, synced to the disk before it returns
 *   store.range(log, 0, 100);          // from any thread, while another appends
 * }
 * }</pre>
 *
 * <h2>Guarantees</h2>
 *
 * <ul>
 *   <li>An append that returned is on the disk ({@link Durability#FULL}, the default): it survives
 *       the process being killed and, with FULL, the machine losing power.</li>
 *   <li>{@link #appendAll} is one transaction: after a crash or a failure either the whole batch is
 *       there or none of it. Rejected events of a batch change nothing (a fork records its
 *       evidence); they do not undo the others.</li>
 *   <li>The log check and the insert happen in the same transaction, under the one writer.</li>
 *   <li>Readers run concurrently with the writer and with each other and see whole commits.</li>
 *   <li>A file that another process has open, a damaged file, or one written by a newer version is
 *       refused with a {@link SqliteStoreException} whose {@link SqliteStoreException#kind() kind}
 *       says which; nothing is changed or lost.</li>
 * </ul>
 *
 * <p>Reads trust the bytes the store verified on the way in: they parse stored headers but do not
 * verify signatures again (see the {@link EventStore} contract: appended events come from
 * {@code EventCodec.decode} or {@code EventBuilder}).
 */
public final class SqliteEventStore implements EventStore {
  private final Database database;
  private final EventWriter writer;
  private final EventReader reader;

  private SqliteEventStore(Database database) {
    this.database = database;
    this.writer = new EventWriter(database.name());
    this.reader = new EventReader(database.name());
  }

  /**
   * Opens the store in {@code file}, creating it if absent, with {@link SqliteOptions#DEFAULT}.
   *
   * @throws SqliteStoreException if the file is in use by another process, damaged, not a Walkaway
   *     store, or from a newer version
   */
  public static SqliteEventStore open(Path file) {
    return open(file, SqliteOptions.DEFAULT);
  }

  /** Opens the store in {@code file}, creating it if absent. */
  public static SqliteEventStore open(Path file, SqliteOptions options) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(options, "options");
    return new SqliteEventStore(
        Database.open(
            file, options.durability() == Durability.FULL, options.readConnections(), Schema.MIGRATIONS));
  }

  /** A store in memory, gone when closed: for tests. Reads and writes take turns on one connection. */
  public static SqliteEventStore inMemory() {
    return new SqliteEventStore(Database.inMemory(Schema.MIGRATIONS));
  }

  /** The file's connections, for a {@link SqliteStateStore} that shares them. */
  Database database() {
    return database;
  }

  /** The schema version this code writes, to compare with what {@link #open} refuses. */
  public static int schemaVersion() {
    return Schema.currentVersion();
  }

  @Override
  public AppendResult append(Event event) {
    Objects.requireNonNull(event, "event");
    return write("appending to", session -> writer.append(session, event));
  }

  @Override
  public List<AppendResult> appendAll(List<Event> events) {
    List<Event> batch = List.copyOf(events);
    if (batch.isEmpty()) {
      database.checkOpen();
      return List.of();
    }
    return write("appending a batch to", session -> writer.appendAll(session, batch));
  }

  @Override
  public Optional<Event> get(Hash id) {
    Objects.requireNonNull(id, "id");
    return read(session -> reader.byId(session, id));
  }

  @Override
  public Optional<Event> get(LogKey log, long seqNum) {
    Objects.requireNonNull(log, "log");
    return read(session -> reader.at(session, log, seqNum));
  }

  @Override
  public List<Event> range(LogKey log, long fromSeq, long toSeq) {
    Objects.requireNonNull(log, "log");
    return read(session -> reader.range(session, log, fromSeq, toSeq));
  }

  @Override
  public Optional<Event> latest(LogKey log) {
    Objects.requireNonNull(log, "log");
    return read(session -> reader.latest(session, log));
  }

  @Override
  public Map<LogKey, Long> heights(Collection<LogId> logIds) {
    List<LogId> ids = List.copyOf(logIds);
    return read(session -> reader.heights(session, ids));
  }

  @Override
  public Map<LogKey, Long> heights(PublicKey author) {
    Objects.requireNonNull(author, "author");
    return read(session -> reader.heights(session, author));
  }

  @Override
  public int prune(LogKey log, long seqNum) {
    Objects.requireNonNull(log, "log");
    return write("pruning", session -> writer.prune(session, log, seqNum));
  }

  @Override
  public long prunePoint(LogKey log) {
    Objects.requireNonNull(log, "log");
    return read(session -> reader.prunePoint(session, log));
  }

  @Override
  public boolean removeBody(Hash id) {
    Objects.requireNonNull(id, "id");
    return write("removing a body from", session -> writer.removeBody(session, id));
  }

  @Override
  public List<ForkEvidence> forks(PublicKey author) {
    Objects.requireNonNull(author, "author");
    return read(session -> reader.forks(session, author));
  }

  /**
   * Runs SQLite's full {@code PRAGMA integrity_check} (it reads the whole file, so it takes time in
   * proportion to the store's size). Empty if the file is sound, else SQLite's list of problems.
   */
  public List<String> integrityCheck() {
    return database.integrityCheck();
  }

  /** Waits for running calls, closes the connections and releases the file. Idempotent. */
  @Override
  public void close() {
    database.close();
  }

  private <T> T read(SqlFunction<T> action) {
    return database.read("reading", action);
  }

  /** One write transaction; a rollback makes the writer forget what it remembered of the logs. */
  private <T> T write(String doing, SqlFunction<T> action) {
    return database.write(doing, action, writer::forget);
  }

  @Override
  public String toString() {
    return "SqliteEventStore[" + database.name() + "]";
  }
}
