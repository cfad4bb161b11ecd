package org.walkaway.store.sqlite;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.walkaway.core.Bytes;
import org.walkaway.core.state.KeyRange;
import org.walkaway.core.state.Namespace;
import org.walkaway.core.state.StateBatch;
import org.walkaway.core.state.StateEntry;
import org.walkaway.core.state.StateStore;
import org.walkaway.store.sqlite.internal.Database;
import org.walkaway.store.sqlite.internal.Schema;
import org.walkaway.store.sqlite.internal.StateTable;

/**
 * A {@link StateStore} in SQLite: processors' durable state (an orderer's held items and delivery
 * log, stream cursors), usually in the same file as the node's events.
 *
 * <pre>{@code
 * try (SqliteEventStore events = SqliteEventStore.open(Path.of("walkaway/node.db"))) {
 *   StateStore state = SqliteStateStore.sharing(events);   // same file, same writer connection
 *   state.apply(StateBatch.builder().put(ns, key, value).delete(ns, old).build());
 * }
 * }</pre>
 *
 * <h2>Guarantees</h2>
 *
 * <ul>
 *   <li>{@link #apply} is one SQLite transaction: after a crash or a failure the batch is there whole
 *       or not at all. With {@link Durability#FULL} (the default) a batch that returned survives the
 *       process being killed and the machine losing power; with {@link Durability#NORMAL}, the
 *       process being killed.</li>
 *   <li>Batches and event appends take turns on the one writer connection of the file; reads run on
 *       the read connections, each {@link #get} and {@link #scan} in one read transaction, so a read
 *       never sees part of a batch.</li>
 *   <li>The records live in the table {@code state}, added by schema version 2; a version-1 file is
 *       migrated forward when it is opened.</li>
 *   <li>Failures of the store are {@link org.walkaway.core.store.StoreException}s (the module's
 *       {@link SqliteStoreException}).</li>
 * </ul>
 *
 * <p>A state store made by {@link #sharing} does not own the file: closing it only stops its own
 * use, and closing the event store closes it too (its calls then fail as closed).
 */
public final class SqliteStateStore implements StateStore {
  private final Database database;
  private final boolean ownsDatabase;
  private volatile boolean closed;

  private SqliteStateStore(Database database, boolean ownsDatabase) {
    this.database = database;
    this.ownsDatabase = ownsDatabase;
  }

  /**
   * The state records in the file of {@code events}, through its connections: one file, one writer,
   * one lock for both.
   */
  public static SqliteStateStore sharing(SqliteEventStore events) {
    Objects.requireNonNull(events, "events");
    return new SqliteStateStore(events.database(), false);
  }

  /**
   * Opens the store in {@code file}, creating it if absent, with {@link SqliteOptions#DEFAULT}. The
   * file has the same schema as a {@link SqliteEventStore}'s: a node that keeps events too should
   * open the event store and use {@link #sharing}, since a file is open in one store at a time.
   */
  public static SqliteStateStore open(Path file) {
    return open(file, SqliteOptions.DEFAULT);
  }

  /** Opens the store in {@code file}, creating it if absent. */
  public static SqliteStateStore open(Path file, SqliteOptions options) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(options, "options");
    return new SqliteStateStore(
        Database.open(file, options.durability() == Durability.FULL, options.readConnections(), Schema.MIGRATIONS),
        true);
  }

  /** A store in memory, gone when closed: for tests. */
  public static SqliteStateStore inMemory() {
    return new SqliteStateStore(Database.inMemory(Schema.MIGRATIONS), true);
  }

  @Override
  public Optional<Bytes> get(Namespace namespace, Bytes key) {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(key, "key");
    checkOpen();
    return database.read("reading state from", session -> StateTable.get(session, namespace, key));
  }

  @Override
  public List<StateEntry> scan(Namespace namespace, KeyRange range, int limit) {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(range, "range");
    if (limit < 0) {
      throw new IllegalArgumentException("a scan limit must not be negative, got " + limit);
    }
    checkOpen();
    return database.read("scanning state in", session -> StateTable.scan(session, namespace, range, limit));
  }

  @Override
  public void apply(StateBatch batch) {
    Objects.requireNonNull(batch, "batch");
    checkOpen();
    if (batch.isEmpty()) {
      database.checkOpen();
      return;
    }
    database.write(
        "writing state to",
        session -> {
          StateTable.apply(session, batch);
          return null;
        },
        () -> {}); // nothing of the event writer's memory is in a state transaction
  }

  /** Stops this store; closes the file only if this store opened it. Idempotent. */
  @Override
  public void close() {
    closed = true;
    if (ownsDatabase) {
      database.close();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new SqliteStoreException(
          SqliteStoreException.Kind.CLOSED, "the state store on " + database.name() + " is closed; open it again");
    }
  }

  @Override
  public String toString() {
    return "SqliteStateStore[" + database.name() + (ownsDatabase ? "" : ", shared with its event store") + "]";
  }
}
