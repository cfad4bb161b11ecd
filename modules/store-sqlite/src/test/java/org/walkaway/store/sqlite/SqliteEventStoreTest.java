package org.walkaway.store.sqlite;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.walkaway.core.store.EventStore;
import org.walkaway.core.testkit.EventStoreContract;

/** The store contract, run against a SQLite file. */
class SqliteEventStoreTest extends EventStoreContract {
  @TempDir Path dir;

  @Override
  protected EventStore newStore() {
    return SqliteEventStore.open(dir.resolve("events.db"));
  }
}
