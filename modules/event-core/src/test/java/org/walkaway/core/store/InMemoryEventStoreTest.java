package org.walkaway.core.store;

import org.walkaway.core.testkit.EventStoreContract;

/** The store contract, run against {@link InMemoryEventStore}. */
class InMemoryEventStoreTest extends EventStoreContract {
  @Override
  protected EventStore newStore() {
    return new InMemoryEventStore();
  }
}
