package org.walkaway.ordering;

import org.walkaway.core.Hash;
import org.walkaway.core.LogId;

/**
 * Told when a held item first waits for an id that the orderer has never seen, so that sync can ask
 * peers for it. Called once per id per orderer lifetime (again after a restart), on the orderer's
 * thread, while it offers; it must not call back into the orderer.
 */
@FunctionalInterface
public interface MissingListener {

  /** Listens to nothing. */
  MissingListener NONE = (topic, id) -> {};

  void missing(LogId topic, Hash id);
}
