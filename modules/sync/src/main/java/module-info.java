/**
 * Walkaway sync: makes two peers hold the same events of a topic, and moves events on a file when
 * there is no network.
 *
 * <ul>
 *   <li>{@code org.walkaway.sync}: {@link org.walkaway.sync.SyncSession}, a sans-IO state machine
 *       that runs one sync of one topic with one peer over any bidirectional channel that carries
 *       frames (a QUIC stream, an in-memory pipe); its configuration, outputs, errors and
 *       statistics; {@link org.walkaway.sync.PeerLedger}, shared by the sessions of one node, which
 *       settles two peers dialling each other at once; {@link org.walkaway.sync.Framing} for
 *       channels that carry bytes, not frames; and {@link org.walkaway.sync.Bundle}, the bundle file
 *       (the "USB stick" transport).</li>
 * </ul>
 *
 * Nothing here opens a socket, starts a thread or reads a clock: time arrives as
 * {@code tick(nowMillis)} inputs, bytes arrive as {@code receive(frame)} inputs, and frames to send
 * leave as outputs. Every event received is fully verified by event-core ({@code EventCodec.decode})
 * and checked against its log before it reaches the store. Implementation (the wire format and the
 * range reconciler) lives in {@code org.walkaway.sync.internal}, which is not exported.
 */
module org.walkaway.sync {
  requires transitive org.walkaway.core;

  exports org.walkaway.sync;
}
