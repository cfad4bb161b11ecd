/**
 * The state-store SPI: namespaced, ordered, durable key/value records with atomic batches
 * ({@link org.walkaway.core.state.StateStore}), for processors whose state must survive a restart,
 * and an in-memory implementation ({@link org.walkaway.core.state.InMemoryStateStore}).
 */
package org.walkaway.core.state;
