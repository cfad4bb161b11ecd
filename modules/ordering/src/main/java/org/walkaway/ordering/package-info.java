/**
 * Causal ordering: {@link org.walkaway.ordering.CausalOrderer} (one topic, sans-IO),
 * {@link org.walkaway.ordering.DurableOrderer} (many topics over an
 * {@link org.walkaway.ordering.OrderingStore}), the pipeline stage
 * {@link org.walkaway.ordering.CausalOrderingProcessor}, the deterministic
 * {@link org.walkaway.ordering.LinearOrder}, and clocks.
 */
package org.walkaway.ordering;
