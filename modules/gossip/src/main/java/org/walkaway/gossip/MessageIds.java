package org.walkaway.gossip;

import org.walkaway.core.Bytes;
import org.walkaway.core.Hash;

/**
 * How a message id follows from a payload. Ids are never taken on trust: a receiver computes the id
 * of every new payload and rejects a {@link GossipMessage.Gossip} whose id differs, so that a peer
 * cannot suppress a message by sending another payload under its id first.
 *
 * <p>Ephemeral streams use {@link #blake3()}; persistent streams plug in the event id (the hash of
 * the header the payload starts with), so that gossip and sync name an event the same way.
 */
@FunctionalInterface
public interface MessageIds {

  /**
   * The id of {@code payload}. Must be a pure function of the bytes. A payload that cannot have an id
   * (for example, not an event at all) may get any id: it will be delivered, and the application's own
   * checks refuse it.
   */
  Hash idOf(Bytes payload);

  /** BLAKE3-256 of the payload. */
  static MessageIds blake3() {
    return Hash::of;
  }
}
