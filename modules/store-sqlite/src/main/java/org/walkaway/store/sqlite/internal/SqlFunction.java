package org.walkaway.store.sqlite.internal;

import java.sql.SQLException;

/** A step run on a {@link Session} inside a transaction. */
@FunctionalInterface
public interface SqlFunction<T> {
  T apply(Session session) throws SQLException;
}
