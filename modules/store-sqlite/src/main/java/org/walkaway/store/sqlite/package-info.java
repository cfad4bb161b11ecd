/**
 * The SQLite event store: {@link org.walkaway.store.sqlite.SqliteEventStore#open(java.nio.file.Path)}
 * for a file, {@link org.walkaway.store.sqlite.SqliteEventStore#inMemory()} for tests.
 */
package org.walkaway.store.sqlite;
