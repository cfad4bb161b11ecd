package org.walkaway.store.sqlite;

import java.util.Objects;

/**
 * How a {@link SqliteEventStore} runs.
 *
 * @param durability what an acknowledged append survives
 * @param readConnections how many reads may run at once, each on its own connection (WAL lets readers
 *     proceed while the one writer writes); 1 to 64
 */
public record SqliteOptions(Durability durability, int readConnections) {
  /** {@link Durability#FULL}, four read connections. */
  public static final SqliteOptions DEFAULT = new SqliteOptions(Durability.FULL, 4);

  public SqliteOptions {
    Objects.requireNonNull(durability, "durability");
    if (readConnections < 1 || readConnections > 64) {
      throw new IllegalArgumentException("read connections must be 1 to 64, got " + readConnections);
    }
  }

  public SqliteOptions withDurability(Durability durability) {
    return new SqliteOptions(durability, readConnections);
  }

  public SqliteOptions withReadConnections(int readConnections) {
    return new SqliteOptions(durability, readConnections);
  }
}
