package org.walkaway.store.sqlite.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
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
 * <h2>Why it remembers logs</h2>
 *
 * Checking an append needs the log's row, its prune point, its height and the event at the height
 * (the predecessor of the next append). Looking those up costs three queries per event; the writer
 * instead remembers them for the logs it has touched, which turns the usual case, the next event
 * of a log, into two inserts and no query. What it remembers can only be changed by this writer,
 * since the lock file keeps every other writer out. A rolled-back transaction may have changed it,
 * so any rollback forgets everything ({@link #forget}), and the next write reads it afresh.
 */
public final class EventWriter {
  private static final int MAX_REMEMBERED_LOGS = 50_000;

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

  private final String where;
  private final Map<LogKey, LogState> logs = new HashMap<>();

  public EventWriter(String where) {
    this.where = where;
  }

  /** Drops everything remembered; called when a transaction rolls back. */
  public void forget() {
    logs.clear();
  }

  public List<AppendResult> appendAll(Session session, List<Event> events) throws SQLException {
    List<AppendResult> results = new ArrayList<>(events.size());
    for (Event event : events) {
      results.add(append(session, event));
    }
    return results;
  }

  public AppendResult append(Session session, Event event) throws SQLException {
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
    PreparedStatement insert =
        session.prepare("INSERT INTO events (id, log, seq, header) VALUES (?, ?, ?, ?)");
    insert.setBytes(1, event.id().bytes().toArray());
    insert.setLong(2, log.row);
    insert.setLong(3, seq);
    insert.setBytes(4, event.headerBytes().toArray());
    insert.executeUpdate();
    if (event.body().isPresent()) {
      // last_insert_rowid() is the row just inserted into events: the body shares its key.
      PreparedStatement body =
          session.prepare("INSERT INTO bodies (event, body) VALUES (last_insert_rowid(), ?)");
      body.setBytes(1, event.body().get().bytes().toArray());
      body.executeUpdate();
    }
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
        session.prepare("DELETE FROM bodies WHERE event = (SELECT event FROM events WHERE id = ?)");
    delete.setBytes(1, id.bytes().toArray());
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

  private void remember(LogKey key, LogState state) {
    if (logs.size() >= MAX_REMEMBERED_LOGS) {
      logs.clear(); // crude but safe: forgetting only costs queries
    }
    logs.put(key, state);
  }
}
