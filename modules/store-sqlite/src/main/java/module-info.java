/**
 * Walkaway store-sqlite: a durable, crash-safe {@link org.walkaway.core.store.EventStore} on SQLite.
 *
 * <p>One file per store, in WAL mode: one writer, many concurrent readers. Every append and every
 * batch is one transaction, committed with {@code synchronous=FULL} by default, so an append that
 * returned has reached the disk. Headers and bodies live in separate tables, so bodies can be
 * withheld or pruned on their own. The schema is versioned and migrated forward on open; a file from
 * a newer version, a corrupt file, or one another process has open is refused with a
 * {@link org.walkaway.store.sqlite.SqliteStoreException} that says which.
 *
 * <ul>
 *   <li>{@code org.walkaway.store.sqlite}: {@link org.walkaway.store.sqlite.SqliteEventStore} (open a
 *       file or an in-memory store), {@link org.walkaway.store.sqlite.SqliteStateStore} (event-core's
 *       state-store SPI, in the same file), {@link org.walkaway.store.sqlite.SqliteOptions},
 *       {@link org.walkaway.store.sqlite.Durability} and the exception.</li>
 *   <li>{@code org.walkaway.store.sqlite.internal} (not exported): the schema and its migrations, the
 *       connections, the lock file, the SQL.</li>
 * </ul>
 *
 * <p>sqlite-jdbc loads a native library: run with
 * {@code --enable-native-access=org.xerial.sqlitejdbc} (or {@code ALL-UNNAMED} on the class path) to
 * silence the JDK's restricted-method warning.
 */
module org.walkaway.store.sqlite {
  // EventStore, Event and friends appear in this module's API.
  requires transitive org.walkaway.core;
  requires java.sql;
  requires org.xerial.sqlitejdbc;

  exports org.walkaway.store.sqlite;
}
