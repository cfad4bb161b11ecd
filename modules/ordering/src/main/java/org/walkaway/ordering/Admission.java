package org.walkaway.ordering;

import java.util.Objects;
import org.walkaway.core.Rejection;

/** What became of one item offered to an orderer. */
public sealed interface Admission
    permits Admission.Delivered, Admission.Held, Admission.Duplicate, Admission.Refused {

  /**
   * Its dependencies were all delivered, so the item was delivered now, followed by the held items
   * it unblocked.
   *
   * @param released how many items were delivered by this offer, the offered one included (at least 1)
   */
  record Delivered(int released) implements Admission {
    public Delivered {
      if (released < 1) {
        throw new IllegalArgumentException("released must be at least 1, got " + released);
      }
    }
  }

  /**
   * The item is held until its dependencies are delivered.
   *
   * @param awaiting how many of its dependencies were not delivered yet
   */
  record Held(int awaiting) implements Admission {
    public Held {
      if (awaiting < 1) {
        throw new IllegalArgumentException("a held item awaits at least 1 dependency, got " + awaiting);
      }
    }
  }

  /** The item was delivered or held before: ignored (seeing an item twice is normal in gossip). */
  record Duplicate() implements Admission {}

  /** The item was refused and nothing changed. It may be offered again later. */
  record Refused(Rejection rejection) implements Admission {
    public Refused {
      Objects.requireNonNull(rejection, "rejection");
    }
  }
}
