package org.walkaway.store.sqlite;

import java.util.Objects;
import org.walkaway.core.store.StoreException;

/**
 * The SQLite store failed for reasons of its own; {@link #kind()} says which, the message says what to
 * do about it.
 */
public final class SqliteStoreException extends StoreException {
  /** The families of failure a caller may want to tell apart. */
  public enum Kind {
    /** Another process (or another store in this one) has the file open. */
    IN_USE,
    /** The file is not a readable SQLite database, or SQLite found it damaged. */
    CORRUPT,
    /** A SQLite database, but not a Walkaway event store. */
    NOT_A_STORE,
    /** Written by a newer version of this module, whose schema this one does not know. */
    NEWER_SCHEMA,
    /** The store was closed. */
    CLOSED,
    /** Anything else: I/O errors, a full disk, an interrupted wait. */
    FAILED
  }

  private final Kind kind;

  public SqliteStoreException(Kind kind, String message) {
    super(message);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public SqliteStoreException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public Kind kind() {
    return kind;
  }
}
