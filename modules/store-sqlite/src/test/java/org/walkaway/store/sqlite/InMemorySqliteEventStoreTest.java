package org.walkaway.store.sqlite;

import org.walkaway.core.store.EventStore;
import org.walkaway.core.testkit.EventStoreContract;

/** The store contract, run against SQLite's in-memory mode. */
class InMemorySqliteEventStoreTest extends EventStoreContract {
  @Override
  protected EventStore newStore() {
    return SqliteEventStore.inMemory();
  }
}
