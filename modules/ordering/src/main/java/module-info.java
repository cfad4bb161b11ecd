/**
 * Walkaway ordering: events reach a peer in any order (sync, gossip, a bundle carried on a USB
 * stick); this module lets the application see them in an order that respects causality, once
 * each, on every peer alike.
 *
 * <ul>
 *   <li>{@link org.walkaway.ordering.CausalOrderer}: the sans-IO core for one topic. It releases an
 *       item only after every item it depends on was released, exactly once; items that arrive
 *       early wait in a bounded buffer, and it says which ids are missing.</li>
 *   <li>{@link org.walkaway.ordering.DurableOrderer}: one core per topic over an
 *       {@link org.walkaway.ordering.OrderingStore}, so that a restart at any point delivers
 *       nothing twice, nothing early, and loses nothing that was held.</li>
 *   <li>{@link org.walkaway.ordering.CausalOrderingProcessor}: the pipeline stage for
 *       {@link org.walkaway.core.Event}s (dependencies: the backlink and {@code previous}).</li>
 *   <li>{@link org.walkaway.ordering.LinearOrder}: one total order, computed alike by every peer
 *       from the same set of items, for applications that rebuild state by replay.</li>
 *   <li>Clocks: {@link org.walkaway.ordering.LamportClock},
 *       {@link org.walkaway.ordering.HybridLogicalClock}, {@link org.walkaway.ordering.VectorClock}
 *       and hash-based {@link org.walkaway.ordering.Frontier}s, compared with
 *       {@link org.walkaway.ordering.CausalRelation}.</li>
 * </ul>
 *
 * The module depends on event-core only. Its implementation lives in
 * {@code org.walkaway.ordering.internal}, which is not exported.
 */
module org.walkaway.ordering {
  // The API hands out event-core types (Hash, LogId, Event, Rejection, Processor), so users read it too.
  requires transitive org.walkaway.core;

  exports org.walkaway.ordering;
}
