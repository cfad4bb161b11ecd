/**
 * Walkaway gossip: who to talk to, and how to reach every peer of a topic cheaply.
 *
 * <ul>
 *   <li>{@code org.walkaway.gossip}: {@link org.walkaway.gossip.GossipNode}, a sans-IO state machine
 *       running HyParView membership (Leitão et al., DSN 2007) and PlumTree broadcast (Leitão et al.,
 *       SRDS 2007) per topic; its inputs, outputs, messages ({@link org.walkaway.gossip.GossipMessage})
 *       and their wire format ({@link org.walkaway.gossip.GossipCodec}); topic ids
 *       ({@link org.walkaway.gossip.TopicId}); a bounded delivery queue that tells a lagging subscriber
 *       how much it missed ({@link org.walkaway.gossip.DeliveryQueue}).</li>
 *   <li>{@code org.walkaway.gossip.sim}: a deterministic discrete-event network simulator (seeded,
 *       virtual time, latency, loss, crashes, partitions, churn) for tests and measurements, fast enough
 *       for 10,000 nodes. Exported because applications test their own use of gossip with it.</li>
 * </ul>
 *
 * Nothing here opens a socket, starts a thread or reads a clock: the transport and the clock are
 * plugged in by the embedding ({@code streams}). Implementation lives in
 * {@code org.walkaway.gossip.internal}, which is not exported.
 */
module org.walkaway.gossip {
  requires transitive org.walkaway.core;

  exports org.walkaway.gossip;
  exports org.walkaway.gossip.sim;
}
