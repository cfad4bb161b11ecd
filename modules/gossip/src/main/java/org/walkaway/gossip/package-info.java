/**
 * Gossip per topic, sans-IO: {@link org.walkaway.gossip.GossipNode} takes {@link org.walkaway.gossip.Input}s
 * and the current time and returns {@link org.walkaway.gossip.Output}s; HyParView keeps each topic's
 * overlay and PlumTree broadcasts over it. Messages are {@link org.walkaway.gossip.GossipMessage}
 * records, encoded by {@link org.walkaway.gossip.GossipCodec}; topics are named by
 * {@link org.walkaway.gossip.TopicId}s. A payload that is too large is refused at publish
 * ({@link org.walkaway.gossip.PublishResult.Refused}); what a peer sends wrongly becomes an
 * {@link org.walkaway.gossip.Output.Rejected}. Nothing in this package returns or accepts {@code null}.
 */
package org.walkaway.gossip;
