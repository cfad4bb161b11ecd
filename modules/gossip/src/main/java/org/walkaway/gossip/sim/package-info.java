/**
 * A deterministic discrete-event network simulator for {@link org.walkaway.gossip.GossipNode}s:
 * {@link org.walkaway.gossip.sim.Simulation} (seeded, virtual time, per-link latency, loss, crashes,
 * partitions, churn), with the figures of each broadcast ({@link org.walkaway.gossip.sim.BroadcastStats}:
 * reliability, relative message redundancy, last delivery hop) and snapshots of an overlay
 * ({@link org.walkaway.gossip.sim.Overlay}). Used by this module's tests, by the benchmarks, and by
 * applications that test their own use of gossip.
 */
package org.walkaway.gossip.sim;
