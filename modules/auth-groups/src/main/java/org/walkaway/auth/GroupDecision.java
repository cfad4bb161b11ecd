package org.walkaway.auth;

import java.util.Objects;
import java.util.Set;
import org.walkaway.core.Hash;

/** Whether a group lets an author write at a causal point: allowed, denied with a reason, or not decidable yet. */
public sealed interface GroupDecision {

  record Allowed(Access access) implements GroupDecision {
    public Allowed {
      Objects.requireNonNull(access, "access");
    }
  }

  record Denied(String reason) implements GroupDecision {
    public Denied {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** The causal point names group operations this replica does not have (or holds pending). */
  record Undecided(Set<Hash> missing) implements GroupDecision {
    public Undecided {
      missing = Set.copyOf(missing);
    }
  }
}
