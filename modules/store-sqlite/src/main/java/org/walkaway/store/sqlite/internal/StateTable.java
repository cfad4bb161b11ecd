package org.walkaway.store.sqlite.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.walkaway.core.Bytes;
import org.walkaway.core.state.KeyRange;
import org.walkaway.core.state.Namespace;
import org.walkaway.core.state.StateBatch;
import org.walkaway.core.state.StateEntry;

/**
 * The SQL of the state store: one table, {@code state (namespace, key, value)}, keyed by
 * {@code (namespace, key)} without a rowid, so that records sit in the primary-key B-tree in key
 * order. SQLite compares BLOBs with {@code memcmp} and then by length, which is exactly the unsigned
 * lexicographic order of {@link Bytes#compareTo}: a scan is a walk along that tree.
 */
public final class StateTable {
  private StateTable() {}

  private static final String GET = "SELECT value FROM state WHERE namespace = ? AND key = ?";
  private static final String SCAN_FROM =
      "SELECT key, value FROM state WHERE namespace = ? AND key >= ? ORDER BY key LIMIT ?";
  private static final String SCAN_BETWEEN =
      "SELECT key, value FROM state WHERE namespace = ? AND key >= ? AND key < ? ORDER BY key LIMIT ?";
  private static final String PUT =
      "INSERT INTO state (namespace, key, value) VALUES (?, ?, ?)"
          + " ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value";
  private static final String DELETE = "DELETE FROM state WHERE namespace = ? AND key = ?";
  private static final String DELETE_FROM = "DELETE FROM state WHERE namespace = ? AND key >= ?";
  private static final String DELETE_BETWEEN = "DELETE FROM state WHERE namespace = ? AND key >= ? AND key < ?";

  public static Optional<Bytes> get(Session session, Namespace namespace, Bytes key) throws SQLException {
    PreparedStatement statement = session.prepare(GET);
    statement.setString(1, namespace.name());
    statement.setBytes(2, key.toArray());
    try (ResultSet rows = statement.executeQuery()) {
      return rows.next() ? Optional.of(bytes(rows, 1)) : Optional.empty();
    }
  }

  public static List<StateEntry> scan(Session session, Namespace namespace, KeyRange range, int limit)
      throws SQLException {
    if (limit == 0 || range.isEmpty()) {
      return List.of();
    }
    PreparedStatement statement = session.prepare(range.to().isPresent() ? SCAN_BETWEEN : SCAN_FROM);
    int at = bindRange(statement, namespace, range);
    statement.setInt(at, limit);
    List<StateEntry> entries = new ArrayList<>();
    try (ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        entries.add(new StateEntry(bytes(rows, 1), bytes(rows, 2)));
      }
    }
    return List.copyOf(entries);
  }

  /** Runs every write of {@code batch}, in order, inside the caller's transaction. */
  public static void apply(Session session, StateBatch batch) throws SQLException {
    for (StateBatch.Write write : batch.writes()) {
      switch (write) {
        case StateBatch.Put(Namespace namespace, Bytes key, Bytes value) -> {
          PreparedStatement statement = session.prepare(PUT);
          statement.setString(1, namespace.name());
          statement.setBytes(2, key.toArray());
          statement.setBytes(3, value.toArray());
          statement.executeUpdate();
        }
        case StateBatch.Delete(Namespace namespace, Bytes key) -> {
          PreparedStatement statement = session.prepare(DELETE);
          statement.setString(1, namespace.name());
          statement.setBytes(2, key.toArray());
          statement.executeUpdate();
        }
        case StateBatch.DeleteRange(Namespace namespace, KeyRange range) -> {
          if (!range.isEmpty()) {
            PreparedStatement statement = session.prepare(range.to().isPresent() ? DELETE_BETWEEN : DELETE_FROM);
            bindRange(statement, namespace, range);
            statement.executeUpdate();
          }
        }
      }
    }
  }

  /** Binds namespace, from and (if bounded) to; returns the next parameter index. */
  private static int bindRange(PreparedStatement statement, Namespace namespace, KeyRange range)
      throws SQLException {
    statement.setString(1, namespace.name());
    statement.setBytes(2, range.from().toArray());
    if (range.to().isPresent()) {
      statement.setBytes(3, range.to().get().toArray());
      return 4;
    }
    return 3;
  }

  /** A zero-length BLOB comes back from the driver as null; the column is NOT NULL, so it is empty. */
  private static Bytes bytes(ResultSet rows, int column) throws SQLException {
    byte[] bytes = rows.getBytes(column);
    return bytes == null ? Bytes.EMPTY : Bytes.of(bytes);
  }
}
