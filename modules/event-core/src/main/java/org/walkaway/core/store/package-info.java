/**
 * The store SPI ({@link org.walkaway.core.store.EventStore}), the log rules
 * ({@link org.walkaway.core.store.LogValidation}) and an in-memory store
 * ({@link org.walkaway.core.store.InMemoryEventStore}).
 */
package org.walkaway.core.store;
