package org.walkaway.store.sqlite.internal;

import java.util.Objects;
import org.walkaway.core.store.StoreException;

/**
 * A failure of the implementation, with its kind. The API turns it into a
 * {@code SqliteStoreException} of the same kind and message: this package does not use the API
 * package, so that the two have no dependency cycle.
 */
public final class StoreFailure extends StoreException {
  /** Mirrors {@code SqliteStoreException.Kind}; see there. */
  public enum Kind {
    IN_USE,
    CORRUPT,
    NOT_A_STORE,
    NEWER_SCHEMA,
    CLOSED,
    FAILED
  }

  private final Kind kind;

  public StoreFailure(Kind kind, String message) {
    super(message);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public StoreFailure(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public Kind kind() {
    return kind;
  }
}
