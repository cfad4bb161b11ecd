package org.walkaway.store.sqlite.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.walkaway.core.Bytes;
import org.walkaway.core.Event;
import org.walkaway.core.Hash;
import org.walkaway.core.LogId;
import org.walkaway.core.LogKey;
import org.walkaway.core.PublicKey;
import org.walkaway.core.store.ForkEvidence;

/** The read side: every query, each run inside {@link Database#read}. */
public final class EventReader {
  private static final String EVENT_COLUMNS =
      "SELECT e.id, e.header, b.body FROM events e LEFT JOIN bodies b ON b.event = e.event ";
  private static final String LOG_IS = "e.log = (SELECT log FROM logs WHERE author = ? AND log_id = ?)";

  private final String where;

  public EventReader(String where) {
    this.where = where;
  }

  public Optional<Event> byId(Session session, Hash id) throws SQLException {
    PreparedStatement query = session.prepare(EVENT_COLUMNS + "WHERE e.id_prefix = ? AND e.id = ?");
    byte[] idBytes = id.bytes().toArray();
    query.setLong(1, Rows.idPrefix(idBytes));
    query.setBytes(2, idBytes);
    return first(query);
  }

  public Optional<Event> at(Session session, LogKey log, long seq) throws SQLException {
    PreparedStatement query = session.prepare(EVENT_COLUMNS + "WHERE " + LOG_IS + " AND e.seq = ?");
    setLog(query, log);
    query.setLong(3, seq);
    return first(query);
  }

  public List<Event> range(Session session, LogKey log, long fromSeq, long toSeq) throws SQLException {
    if (fromSeq > toSeq) {
      return List.of();
    }
    PreparedStatement query =
        session.prepare(EVENT_COLUMNS + "WHERE " + LOG_IS + " AND e.seq BETWEEN ? AND ? ORDER BY e.seq");
    setLog(query, log);
    query.setLong(3, fromSeq);
    query.setLong(4, toSeq);
    List<Event> events = new ArrayList<>();
    try (ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        events.add(event(rows));
      }
    }
    return List.copyOf(events);
  }

  public Optional<Event> latest(Session session, LogKey log) throws SQLException {
    PreparedStatement query =
        session.prepare(EVENT_COLUMNS + "WHERE " + LOG_IS + " ORDER BY e.seq DESC LIMIT 1");
    setLog(query, log);
    return first(query);
  }

  public Map<LogKey, Long> heights(Session session, Collection<LogId> logIds) throws SQLException {
    PreparedStatement query =
        session.prepare(
            "SELECT author, log_id, (SELECT max(seq) FROM events e WHERE e.log = logs.log)"
                + " FROM logs WHERE log_id = ?");
    Map<LogKey, Long> heights = new HashMap<>();
    for (LogId logId : logIds) {
      query.setBytes(1, logId.bytes().toArray());
      collectHeights(query, heights);
    }
    return Map.copyOf(heights);
  }

  public Map<LogKey, Long> heights(Session session, PublicKey author) throws SQLException {
    PreparedStatement query =
        session.prepare(
            "SELECT author, log_id, (SELECT max(seq) FROM events e WHERE e.log = logs.log)"
                + " FROM logs WHERE author = ?");
    query.setBytes(1, author.bytes().toArray());
    Map<LogKey, Long> heights = new HashMap<>();
    collectHeights(query, heights);
    return Map.copyOf(heights);
  }

  private static void collectHeights(PreparedStatement query, Map<LogKey, Long> heights)
      throws SQLException {
    try (ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        long height = rows.getLong(3);
        if (!rows.wasNull()) {
          heights.put(
              new LogKey(new PublicKey(Bytes.of(rows.getBytes(1))), new LogId(Bytes.of(rows.getBytes(2)))),
              height);
        }
      }
    }
  }

  public long prunePoint(Session session, LogKey log) throws SQLException {
    PreparedStatement query = session.prepare("SELECT prune_point FROM logs WHERE author = ? AND log_id = ?");
    setLog(query, log);
    try (ResultSet rows = query.executeQuery()) {
      return rows.next() ? rows.getLong(1) : 0;
    }
  }

  public List<ForkEvidence> forks(Session session, PublicKey author) throws SQLException {
    PreparedStatement query =
        session.prepare(
            "SELECT l.log_id, f.seq, f.kept, f.rejected FROM forks f JOIN logs l ON l.log = f.log"
                + " WHERE l.author = ? ORDER BY f.fork");
    query.setBytes(1, author.bytes().toArray());
    List<ForkEvidence> forks = new ArrayList<>();
    try (ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        forks.add(
            new ForkEvidence(
                new LogKey(author, new LogId(Bytes.of(rows.getBytes(1)))),
                rows.getLong(2),
                Bytes.of(rows.getBytes(3)),
                Bytes.of(rows.getBytes(4))));
      }
    }
    return List.copyOf(forks);
  }

  private static void setLog(PreparedStatement query, LogKey log) throws SQLException {
    query.setBytes(1, log.author().bytes().toArray());
    query.setBytes(2, log.logId().bytes().toArray());
  }

  private Optional<Event> first(PreparedStatement query) throws SQLException {
    try (ResultSet rows = query.executeQuery()) {
      return rows.next() ? Optional.of(event(rows)) : Optional.empty();
    }
  }

  private Event event(ResultSet rows) throws SQLException {
    return Rows.event(rows.getBytes(1), rows.getBytes(2), rows.getBytes(3), where);
  }
}
