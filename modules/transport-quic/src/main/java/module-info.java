/**
 * Walkaway's QUIC transport: authenticated connections between peers known by their Ed25519 keys.
 *
 * <ul>
 *   <li>{@code org.walkaway.transport.quic}: {@link org.walkaway.transport.quic.QuicEndpoint} (bind,
 *       dial, serve streams), {@link org.walkaway.transport.quic.Connection}, {@link
 *       org.walkaway.transport.quic.FrameStream} (blocking, length-prefixed frames, for virtual
 *       threads), {@link org.walkaway.transport.quic.TransportConfig}, the {@link
 *       org.walkaway.transport.quic.AddressBook} with {@link
 *       org.walkaway.transport.quic.SignedAddressRecord}s, LAN discovery by mDNS ({@link
 *       org.walkaway.transport.quic.LanDiscovery}), the {@link
 *       org.walkaway.transport.quic.RelayServer}, and the {@link
 *       org.walkaway.transport.quic.TransportException} family.</li>
 * </ul>
 *
 * Netty, its buffers, Bouncy Castle and jmdns stay in {@code org.walkaway.transport.quic.internal}
 * (and private members), which is not exported: no API type mentions them, so nothing above this
 * module sees Netty.
 *
 * <p>The native QUIC library (quiche + BoringSSL) comes in the platform jar
 * {@code io.netty.codec.quic.linux.x86_64}, which is deliberately not required here (it is
 * platform specific): on the module path, launch with
 * {@code --add-modules io.netty.codec.quic.linux.x86_64}; on the class path nothing is needed.
 */
module org.walkaway.transport.quic {
  requires transitive org.walkaway.core;
  requires io.netty.common;
  requires io.netty.buffer;
  requires io.netty.transport;
  requires io.netty.handler;
  requires io.netty.codec.classes.quic;
  requires org.bouncycastle.provider;
  requires org.bouncycastle.pkix;
  requires org.bouncycastle.util;
  requires javax.jmdns; // automatic module (jmdns 3.6.1 has no descriptor)

  exports org.walkaway.transport.quic;
}
