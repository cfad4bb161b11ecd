package org.walkaway.core.store;

import java.util.Objects;
import org.walkaway.core.Event;
import org.walkaway.core.Hash;
import org.walkaway.core.Rejection;

/** What happened to one event given to {@link EventStore#append}. */
public sealed interface AppendResult {

  /** Stored now. */
  record Appended(Event event) implements AppendResult {
    public Appended {
      Objects.requireNonNull(event, "event");
    }
  }

  /** Already stored (same id): nothing changed. A body the store lacked is attached. */
  record Duplicate(Hash id) implements AppendResult {
    public Duplicate {
      Objects.requireNonNull(id, "id");
    }
  }

  /** Refused, and nothing changed (for a fork, the evidence was recorded). */
  record Rejected(Event event, Rejection rejection) implements AppendResult {
    public Rejected {
      Objects.requireNonNull(event, "event");
      Objects.requireNonNull(rejection, "rejection");
    }
  }

  default boolean isAppended() {
    return this instanceof Appended;
  }
}
