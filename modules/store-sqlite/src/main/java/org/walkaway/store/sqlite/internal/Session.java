package org.walkaway.store.sqlite.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * One JDBC connection and its prepared statements. Preparing a statement costs about as much as
 * running a small one, so each connection keeps every statement it has prepared. Used by one
 * thread at a time: the writer under its lock, a reader while it has borrowed the session.
 */
public final class Session implements AutoCloseable {
  private final Connection connection;
  private final Map<String, PreparedStatement> statements = new HashMap<>();

  Session(Connection connection) {
    this.connection = connection;
  }

  public Connection connection() {
    return connection;
  }

  /** The prepared statement for {@code sql}, with its parameters cleared. */
  public PreparedStatement prepare(String sql) throws SQLException {
    PreparedStatement statement = statements.get(sql);
    if (statement == null) {
      statement = connection.prepareStatement(sql);
      statements.put(sql, statement);
    } else {
      statement.clearParameters();
    }
    return statement;
  }

  @Override
  public void close() throws SQLException {
    try {
      for (PreparedStatement statement : statements.values()) {
        statement.close();
      }
    } finally {
      statements.clear();
      connection.close();
    }
  }
}
