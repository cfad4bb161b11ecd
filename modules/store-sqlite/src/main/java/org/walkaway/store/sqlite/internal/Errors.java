package org.walkaway.store.sqlite.internal;

import java.sql.SQLException;
import org.walkaway.store.sqlite.SqliteStoreException;

/** Turns SQLite's result codes into exceptions that say what happened and what to do. */
public final class Errors {
  private Errors() {}

  // Primary result codes (https://sqlite.org/rescode.html); extended codes keep them in the low byte.
  private static final int SQLITE_BUSY = 5;
  private static final int SQLITE_LOCKED = 6;
  private static final int SQLITE_IOERR = 10;
  private static final int SQLITE_CORRUPT = 11;
  private static final int SQLITE_FULL = 13;
  private static final int SQLITE_CANTOPEN = 14;
  private static final int SQLITE_NOTADB = 26;

  /** {@code doing} is a phrase such as "appending to /data/events.db". */
  public static SqliteStoreException of(String doing, SQLException e) {
    int code = e.getErrorCode() & 0xff;
    String detail = " (" + e.getMessage() + ")";
    return switch (code) {
      case SQLITE_CORRUPT, SQLITE_NOTADB ->
          new SqliteStoreException(
              SqliteStoreException.Kind.CORRUPT,
              "SQLite reports the database damaged or not a database while " + doing + detail
                  + "; nothing was changed by this call. Restore the file from a backup or "
                  + "resynchronise from peers into a new store",
              e);
      case SQLITE_BUSY, SQLITE_LOCKED ->
          new SqliteStoreException(
              SqliteStoreException.Kind.IN_USE,
              "the database is locked by another connection while " + doing + detail
                  + "; is another program (such as the sqlite3 shell) writing to it?",
              e);
      case SQLITE_FULL ->
          new SqliteStoreException(
              SqliteStoreException.Kind.FAILED,
              "the disk is full while " + doing + detail + "; nothing was changed",
              e);
      case SQLITE_IOERR, SQLITE_CANTOPEN ->
          new SqliteStoreException(
              SqliteStoreException.Kind.FAILED, "an I/O error while " + doing + detail, e);
      default ->
          new SqliteStoreException(
              SqliteStoreException.Kind.FAILED, "SQLite failed while " + doing + detail, e);
    };
  }
}
