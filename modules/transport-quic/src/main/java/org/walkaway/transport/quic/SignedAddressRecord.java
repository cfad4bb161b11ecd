package org.walkaway.transport.quic;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.walkaway.core.Bytes;
import org.walkaway.core.PublicKey;
import org.walkaway.core.Signature;
import org.walkaway.core.SigningKey;

/**
 * A peer's statement "on network N, I am reachable at these addresses, as of this time", signed
 * with its identity key. Discovery (a bootstrap list, LAN announcements, gossip) passes these
 * around; an {@link AddressBook} accepts only records whose signature holds, so nobody can
 * redirect a peer's traffic by announcing false addresses in its name.
 *
 * <p>Wire form: {@code version(1) | peer(32) | networkLength(1) | network | issuedAtMillis(8) |
 * count(1) | count × (family(1: 4 or 6) | ip(4 or 16) | port(2)) | signature(64)}, the signature
 * covering {@code "walkaway-address-record/1" | everything before it}.
 */
public record SignedAddressRecord(
    PublicKey peer,
    NetworkId network,
    List<InetSocketAddress> addresses,
    Instant issuedAt,
    Signature signature) {
  public static final int MAX_ADDRESSES = 16;
  private static final byte VERSION = 1;
  private static final byte[] DOMAIN =
      "walkaway-address-record/1".getBytes(StandardCharsets.US_ASCII);

  public SignedAddressRecord {
    addresses = List.copyOf(addresses);
    if (addresses.isEmpty() || addresses.size() > MAX_ADDRESSES) {
      throw new IllegalArgumentException(
          "a record holds 1 to " + MAX_ADDRESSES + " addresses, got " + addresses.size());
    }
    for (InetSocketAddress a : addresses) {
      if (a.isUnresolved()) {
        throw new IllegalArgumentException("addresses must be resolved IPs, got " + a);
      }
    }
  }

  /** A record for {@code identity}'s key, signed by it. */
  public static SignedAddressRecord sign(
      SigningKey identity, NetworkId network, List<InetSocketAddress> addresses, Instant issuedAt) {
    Instant millis = Instant.ofEpochMilli(issuedAt.toEpochMilli());
    byte[] body = body(identity.publicKey(), network, List.copyOf(addresses), millis);
    return new SignedAddressRecord(
        identity.publicKey(), network, addresses, millis, identity.sign(signed(body)));
  }

  /** Whether the peer's key signed exactly this record. */
  public boolean verify() {
    return peer.verify(signed(body(peer, network, addresses, issuedAt)), signature);
  }

  public byte[] encode() {
    byte[] body = body(peer, network, addresses, issuedAt);
    byte[] out = new byte[body.length + Signature.LENGTH];
    System.arraycopy(body, 0, out, 0, body.length);
    signature.bytes().copyTo(out, body.length);
    return out;
  }

  /**
   * The record in {@code data}, or empty if it is malformed. The signature is not checked here;
   * call {@link #verify()} (an address book does).
   */
  public static Optional<SignedAddressRecord> decode(byte[] data) {
    try {
      ByteBuffer in = ByteBuffer.wrap(data);
      if (in.get() != VERSION) {
        return Optional.empty();
      }
      byte[] key = new byte[PublicKey.LENGTH];
      in.get(key);
      byte[] name = new byte[in.get() & 0xff];
      in.get(name);
      NetworkId network = new NetworkId(new String(name, StandardCharsets.US_ASCII));
      Instant issuedAt = Instant.ofEpochMilli(in.getLong());
      int count = in.get() & 0xff;
      if (count == 0 || count > MAX_ADDRESSES) {
        return Optional.empty();
      }
      List<InetSocketAddress> addresses = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        int family = in.get();
        if (family != 4 && family != 6) {
          return Optional.empty();
        }
        byte[] ip = new byte[family == 4 ? 4 : 16];
        in.get(ip);
        int port = in.getShort() & 0xffff;
        addresses.add(new InetSocketAddress(InetAddress.getByAddress(ip), port));
      }
      byte[] sig = new byte[Signature.LENGTH];
      in.get(sig);
      if (in.hasRemaining()) {
        return Optional.empty();
      }
      return Optional.of(
          new SignedAddressRecord(
              new PublicKey(Bytes.of(key)), network, addresses, issuedAt,
              new Signature(Bytes.of(sig))));
    } catch (RuntimeException | UnknownHostException e) {
      return Optional.empty();
    }
  }

  private static byte[] body(
      PublicKey peer, NetworkId network, List<InetSocketAddress> addresses, Instant issuedAt) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(VERSION);
    out.writeBytes(peer.bytes().toArray());
    byte[] name = network.name().getBytes(StandardCharsets.US_ASCII);
    out.write(name.length);
    out.writeBytes(name);
    out.writeBytes(ByteBuffer.allocate(8).putLong(issuedAt.toEpochMilli()).array());
    out.write(addresses.size());
    for (InetSocketAddress a : addresses) {
      byte[] ip = a.getAddress().getAddress();
      out.write(ip.length == 4 ? 4 : 6);
      out.writeBytes(ip);
      out.write(a.getPort() >>> 8);
      out.write(a.getPort() & 0xff);
    }
    return out.toByteArray();
  }

  private static byte[] signed(byte[] body) {
    byte[] out = new byte[DOMAIN.length + body.length];
    System.arraycopy(DOMAIN, 0, out, 0, DOMAIN.length);
    System.arraycopy(body, 0, out, DOMAIN.length, body.length);
    return out;
  }
}
