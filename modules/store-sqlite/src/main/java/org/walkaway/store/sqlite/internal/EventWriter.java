package org.walkaway.store.sqlite.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.walkaway.core.Event;
import org.walkaway.core.Hash;
import org.walkaway.core.LogKey;
import org.walkaway.core.Rejection;
import org.walkaway.core.Rejection.Reason;
import org.walkaway.core.store.AppendResult;
import org.walkaway.core.store.LogValidation;

/**
 * The write side: appends (with the log rules), pruning, removing bodies. Runs only inside
 * {@link Database#write}, so on one thread at a time and always in a transaction.
 *
 * <h2>Why appended rows wait in {@link #staged}</h2>
 *
 * Each statement run through JDBC costs several native calls, which cost more per event than
 * SQLite's own work on a small row. An accepted event is therefore staged, and staged rows are
 * inserted together, up to {@link #ROWS_PER_INSERT} per statement, before anything reads the
 * tables and before the write returns ({@link #flush}). For that the writer numbers the event
 * rows itself ({@link #nextRow}), so that a body can name its event's row before the row exists.
 * What is staged is part of the transaction's state: a rollback drops it ({@link #forget}).
 *
 * <h2>Why it remembers logs</h2>
 *
 * Checking an append needs the log's row, its prune point, its height and the event at the height
 * (the predecessor of the next append). Looking those up costs three queries per event; the writer
 * instead remembers them for the logs it has touched, which turns the usual case, the next event
 * of a log, into no query at all, only its share of the staged inserts. What it remembers can only be changed by this writer,
 * since the lock file keeps every other writer out. A rolled-back transaction may have changed it,
 * so any rollback forgets everything ({@link #forget}), and the next write reads it afresh.
 */
public final class EventWriter {
  private static final int MAX_REMEMBERED_LOGS = 50_000;
  /** Rows per multi-row INSERT; flushes use chunks of 32, 16, ..., 1, each a prepared statement. */
  static final int ROWS_PER_INSERT = 32;
  private static final int EVENT_COLUMNS = 6;
  private static final int BODY_COLUMNS = 2;

  /** What the writer knows of one log; {@code newest} is the event at {@code height}, if loaded. */
  private static final class LogState {
    final long row;
    long prunePoint;
    long height;
    Optional<Event> newest;

    LogState(long row, long prunePoint, long height, Optional<Event> newest) {
      this.row = row;
      this.prunePoint = prunePoint;
      this.height = height;
      this.newest = newest;
    }
  }

  /** An accepted event waiting for {@link #flush}, with its row and its log's row. */
  private record Staged(long row, long log, Event event) {}

  private final String where;
  private final Map<LogKey, LogState> logs = new HashMap<>();
  private final List<Staged> staged = new ArrayList<>();
  /** The row the next event gets; 0 until read from the table in this writer's current state. */
  private long nextRow;

  public EventWriter(String where) {
    this.where = where;
  }

  /** Drops everything remembered and staged; called when a transaction rolls back. */
  public void forget() {
    logs.clear();
    staged.clear();
    nextRow = 0;
  }

  public List<AppendResult> appendAll(Session session, List<Event> events) throws SQLException {
    List<AppendResult> results = new ArrayList<>(events.size());
    for (Event event : events) {
      results.add(check(session, event));
    }
    flush(session);
    return results;
  }

  public AppendResult append(Session session, Event event) throws SQLException {
    AppendResult result = check(session, event);
    flush(session);
    return result;
  }

  /** Applies the log rules to {@code event} and stages it if accepted (or records a fork). */
  private AppendResult check(Session session, Event event) throws SQLException {
    LogKey key = event.logKey();
    long seq = event.seqNum();
    LogState log = state(session, key);
    long prunePoint = log == null ? 0 : log.prunePoint;
    if (log != null && seq <= log.height) {
      Optional<StoredEvent> taken = at(session, log.row, seq);
      if (taken.isPresent() && taken.get().id().equals(event.id())) {
        if (event.body().isPresent()) {
          attachBody(session, taken.get().row(), event);
        }
        return new AppendResult.Duplicate(event.id());
      }
      if (seq < prunePoint) {
        return pruned(event, prunePoint);
      }
      if (taken.isPresent()) {
        PreparedStatement insert =
            session.prepare(
                "INSERT OR IGNORE INTO forks (log, seq, kept, rejected) VALUES (?, ?, ?, ?)");
        insert.setLong(1, log.row);
        insert.setLong(2, seq);
        insert.setBytes(3, taken.get().header());
        insert.setBytes(4, event.headerBytes().toArray());
        insert.executeUpdate();
        return new AppendResult.Rejected(
            event,
            Rejection.of(
                Reason.FORK,
                "author " + key.author() + " already signed " + taken.get().id() + " at seq " + seq
                    + " of log " + key.logId() + "; kept the first, recorded both as evidence"));
      }
    } else if (seq < prunePoint) {
      return pruned(event, prunePoint);
    }
    Optional<Event> previous = previous(session, log, seq);
    Optional<Rejection> rejection = LogValidation.check(event, previous);
    if (rejection.isPresent()) {
      return new AppendResult.Rejected(event, rejection.get());
    }
    if (log == null) {
      log = createLog(session, key);
    }
    if (nextRow == 0) {
      nextRow = nextRowFromTable(session);
    }
    staged.add(new Staged(nextRow++, log.row, event));
    if (seq > log.height) {
      log.height = seq;
      log.newest = Optional.of(event.withoutBody());
    }
    if (event.header().prune() && seq > log.prunePoint) {
      pruneBelow(session, log, seq);
    }
    return new AppendResult.Appended(event);
  }

  /** See {@link org.walkaway.core.store.EventStore#prune}. */
  public int prune(Session session, LogKey key, long seq) throws SQLException {
    LogState log = state(session, key);
    if (log == null || seq > log.height || at(session, log.row, seq).isEmpty()) {
      throw new IllegalArgumentException(
          "cannot prune log " + key.logId() + " of " + key.author() + " below seq " + seq
              + ": there is no event at that position to continue from");
    }
    return pruneBelow(session, log, seq);
  }

  private int pruneBelow(Session session, LogState log, long seq) throws SQLException {
    flush(session);
    PreparedStatement bodies =
        session.prepare(
            "DELETE FROM bodies WHERE event IN (SELECT event FROM events WHERE log = ? AND seq < ?)");
    bodies.setLong(1, log.row);
    bodies.setLong(2, seq);
    bodies.executeUpdate();
    PreparedStatement events = session.prepare("DELETE FROM events WHERE log = ? AND seq < ?");
    events.setLong(1, log.row);
    events.setLong(2, seq);
    int deleted = events.executeUpdate();
    if (seq > log.prunePoint) {
      PreparedStatement point = session.prepare("UPDATE logs SET prune_point = ? WHERE log = ?");
      point.setLong(1, seq);
      point.setLong(2, log.row);
      point.executeUpdate();
      log.prunePoint = seq;
    }
    return deleted;
  }

  /** See {@link org.walkaway.core.store.EventStore#removeBody}. */
  public boolean removeBody(Session session, Hash id) throws SQLException {
    PreparedStatement delete =
        session.prepare(
            "DELETE FROM bodies WHERE event = (SELECT event FROM events WHERE id_prefix = ? AND id = ?)");
    byte[] idBytes = id.bytes().toArray();
    delete.setLong(1, Rows.idPrefix(idBytes));
    delete.setBytes(2, idBytes);
    return delete.executeUpdate() > 0;
  }

  private void attachBody(Session session, long row, Event event) throws SQLException {
    PreparedStatement attach = session.prepare("INSERT OR IGNORE INTO bodies (event, body) VALUES (?, ?)");
    attach.setLong(1, row);
    attach.setBytes(2, event.body().orElseThrow().bytes().toArray());
    attach.executeUpdate();
  }

  private static AppendResult pruned(Event event, long prunePoint) {
    return new AppendResult.Rejected(
        event,
        Rejection.of(
            Reason.PRUNED,
            "seq " + event.seqNum() + " lies below the prune point " + prunePoint + " of log "
                + event.logId() + " by " + event.author()));
  }

  /** The event at {@code seq - 1}, if stored. */
  private Optional<Event> previous(Session session, LogState log, long seq) throws SQLException {
    if (seq == 0 || log == null || seq - 1 > log.height) {
      return Optional.empty();
    }
    if (seq - 1 == log.height) {
      if (log.newest.isEmpty()) {
        log.newest = at(session, log.row, seq - 1).map(this::toEvent);
      }
      return log.newest;
    }
    return at(session, log.row, seq - 1).map(this::toEvent);
  }

  private Event toEvent(StoredEvent stored) {
    return Rows.event(stored.idBytes(), stored.header(), null, where);
  }

  private record StoredEvent(long row, byte[] idBytes, byte[] header) {
    Hash id() {
      return Hash.fromBytes(idBytes);
    }
  }

  private Optional<StoredEvent> at(Session session, long log, long seq) throws SQLException {
    flush(session);
    PreparedStatement query =
        session.prepare("SELECT event, id, header FROM events WHERE log = ? AND seq = ?");
    query.setLong(1, log);
    query.setLong(2, seq);
    try (ResultSet rows = query.executeQuery()) {
      return rows.next()
          ? Optional.of(new StoredEvent(rows.getLong(1), rows.getBytes(2), rows.getBytes(3)))
          : Optional.empty();
    }
  }

  private LogState state(Session session, LogKey key) throws SQLException {
    LogState known = logs.get(key);
    if (known != null) {
      return known;
    }
    flush(session); // a forgotten log may have staged rows that its height must count
    PreparedStatement query =
        session.prepare(
            "SELECT log, prune_point, (SELECT max(seq) FROM events e WHERE e.log = logs.log)"
                + " FROM logs WHERE author = ? AND log_id = ?");
    query.setBytes(1, key.author().bytes().toArray());
    query.setBytes(2, key.logId().bytes().toArray());
    LogState loaded;
    try (ResultSet rows = query.executeQuery()) {
      if (!rows.next()) {
        return null;
      }
      long height = rows.getLong(3);
      if (rows.wasNull()) {
        height = -1;
      }
      loaded = new LogState(rows.getLong(1), rows.getLong(2), height, Optional.empty());
    }
    remember(key, loaded);
    return loaded;
  }

  private LogState createLog(Session session, LogKey key) throws SQLException {
    PreparedStatement insert = session.prepare("INSERT INTO logs (author, log_id) VALUES (?, ?)");
    insert.setBytes(1, key.author().bytes().toArray());
    insert.setBytes(2, key.logId().bytes().toArray());
    insert.executeUpdate();
    long row;
    try (ResultSet rows = session.prepare("SELECT last_insert_rowid()").executeQuery()) {
      rows.next();
      row = rows.getLong(1);
    }
    LogState created = new LogState(row, 0, -1, Optional.empty());
    remember(key, created);
    return created;
  }

  /**
   * Inserts the staged rows: events first, then the bodies that name them, in statements of
   * {@link #ROWS_PER_INSERT} rows and then ever smaller ones for the rest.
   */
  private void flush(Session session) throws SQLException {
    if (staged.isEmpty()) {
      return;
    }
    int from = 0;
    while (from < staged.size()) {
      int rows = chunk(staged.size() - from);
      PreparedStatement insert =
          session.prepare(
              multiRowInsert("events (event, log, seq, id_prefix, id, header)", EVENT_COLUMNS, rows));
      int parameter = 1;
      for (int i = from; i < from + rows; i++) {
        Staged row = staged.get(i);
        byte[] id = row.event().id().bytes().toArray();
        insert.setLong(parameter++, row.row());
        insert.setLong(parameter++, row.log());
        insert.setLong(parameter++, row.event().seqNum());
        insert.setLong(parameter++, Rows.idPrefix(id));
        insert.setBytes(parameter++, id);
        insert.setBytes(parameter++, row.event().headerBytes().toArray());
      }
      insert.executeUpdate();
      from += rows;
    }
    List<Staged> withBodies = new ArrayList<>(staged.size());
    for (Staged row : staged) {
      if (row.event().body().isPresent()) {
        withBodies.add(row);
      }
    }
    from = 0;
    while (from < withBodies.size()) {
      int rows = chunk(withBodies.size() - from);
      PreparedStatement insert =
          session.prepare(multiRowInsert("bodies (event, body)", BODY_COLUMNS, rows));
      int parameter = 1;
      for (int i = from; i < from + rows; i++) {
        Staged row = withBodies.get(i);
        insert.setLong(parameter++, row.row());
        insert.setBytes(parameter++, row.event().body().orElseThrow().bytes().toArray());
      }
      insert.executeUpdate();
      from += rows;
    }
    staged.clear();
  }

  /** The largest power of two up to {@link #ROWS_PER_INSERT} that fits in {@code left}. */
  private static int chunk(int left) {
    return Math.min(ROWS_PER_INSERT, Integer.highestOneBit(left));
  }

  private static String multiRowInsert(String tableAndColumns, int columns, int rows) {
    String row = "(" + String.join(", ", Collections.nCopies(columns, "?")) + ")";
    return "INSERT INTO " + tableAndColumns + " VALUES "
        + String.join(", ", Collections.nCopies(rows, row));
  }

  /** One past the highest event row in the table (rows of pruned events may be numbered again). */
  private static long nextRowFromTable(Session session) throws SQLException {
    PreparedStatement query = session.prepare("SELECT coalesce(max(event), 0) + 1 FROM events");
    try (ResultSet rows = query.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private void remember(LogKey key, LogState state) {
    if (logs.size() >= MAX_REMEMBERED_LOGS) {
      logs.clear(); // crude but safe: forgetting only costs queries
    }
    logs.put(key, state);
  }
}
