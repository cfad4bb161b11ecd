/**
 * The SQLite event store: {@link org.walkaway.store.sqlite.SqliteEventStore#open(java.nio.file.Path)}
 * for a file, {@link org.walkaway.store.sqlite.SqliteEventStore#inMemory()} for tests; and the
 * SQLite state store, {@link org.walkaway.store.sqlite.SqliteStateStore}, usually
 * {@linkplain org.walkaway.store.sqlite.SqliteStateStore#sharing sharing} an event store's file.
 */
package org.walkaway.store.sqlite;
