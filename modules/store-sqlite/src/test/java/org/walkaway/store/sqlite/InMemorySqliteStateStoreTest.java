package org.walkaway.store.sqlite;

import org.walkaway.core.state.StateStore;
import org.walkaway.core.testkit.StateStoreContract;

/** event-core's state-store contract, run against {@link SqliteStateStore#inMemory()}. */
class InMemorySqliteStateStoreTest extends StateStoreContract {
  @Override
  protected StateStore newStore() {
    return SqliteStateStore.inMemory();
  }
}
