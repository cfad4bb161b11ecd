package org.walkaway.auth;

import org.walkaway.core.Hash;

/**
 * What the auth processor needs to know of the causal order between a data event and a group
 * operation, beyond what the event's own dependencies say. The ordering module, or an application
 * that records data events in its group operations' dependencies, can supply it; this module
 * depends on no sibling.
 */
@FunctionalInterface
public interface CausalOrder {
  /** Knows nothing more: a write that did not see a revocation of its author is refused (strong removal). */
  CausalOrder NONE = (earlier, later) -> false;

  /** True if the event {@code earlier} is known to be in the causal past of the group operation {@code later}. */
  boolean happenedBefore(Hash earlier, Hash later);
}
