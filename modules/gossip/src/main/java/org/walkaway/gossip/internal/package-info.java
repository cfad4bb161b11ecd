/**
 * The protocol state behind {@link org.walkaway.gossip.GossipNode}: per topic, a
 * {@link org.walkaway.gossip.internal.HyParView} membership and a {@link org.walkaway.gossip.internal.PlumTree}
 * broadcast joined by a {@link org.walkaway.gossip.internal.TopicState}, and their bounded caches. Not
 * exported.
 */
package org.walkaway.gossip.internal;
