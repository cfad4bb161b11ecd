package org.walkaway.store.sqlite;

/** What an acknowledged append survives: SQLite's {@code synchronous} setting in WAL mode. */
public enum Durability {
  /**
   * Every commit is synced to the disk before it returns ({@code synchronous=FULL}): an acknowledged
   * append survives a crash of the process and a loss of power. The default.
   */
  FULL,
  /**
   * Commits reach the operating system but are synced only at checkpoints
   * ({@code synchronous=NORMAL}): an acknowledged append survives a crash of the process, but the
   * last commits may be lost if the machine loses power. The file stays consistent either way.
   */
  NORMAL
}
