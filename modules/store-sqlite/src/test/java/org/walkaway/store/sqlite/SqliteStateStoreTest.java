package org.walkaway.store.sqlite;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.walkaway.core.state.StateStore;
import org.walkaway.core.testkit.StateStoreContract;

/** event-core's state-store contract, run against a {@link SqliteStateStore} in a file of its own. */
class SqliteStateStoreTest extends StateStoreContract {
  @TempDir Path dir;

  @Override
  protected StateStore newStore() {
    return SqliteStateStore.open(dir.resolve("state.db"));
  }

  @Override
  protected boolean survivesReopen() {
    return true;
  }

  @Override
  protected StateStore reopen() {
    return SqliteStateStore.open(dir.resolve("state.db"));
  }
}
