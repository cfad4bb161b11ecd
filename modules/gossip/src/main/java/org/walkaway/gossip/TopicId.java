package org.walkaway.gossip;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.walkaway.core.Blake3;
import org.walkaway.core.Bytes;
import org.walkaway.core.Hash;

/**
 * Names a topic on the wire: 32 opaque bytes. Every gossip message carries its topic id, so that one
 * connection between two peers carries all the topics they share.
 *
 * <p>A peer learns a topic id only from messages of that topic, and it gets those only once it has
 * joined the topic (or when someone wrongly uses it as a bootstrap peer, see the module README). To
 * keep the id meaningless to everyone else, derive it from a secret name with {@link #fromName}: the id
 * is a BLAKE3 key derivation of the name, so it does not reveal the name, but anyone who can guess the
 * name can compute the id. Use names with enough entropy (a random 16-byte suffix is plenty).
 */
public record TopicId(Bytes bytes) implements Comparable<TopicId> {
  public static final int LENGTH = 32;

  /** The BLAKE3 derive_key context of {@link #fromName}; changing it changes every topic id. */
  public static final String NAME_CONTEXT = "walkaway 2026-11 gossip topic id from name v1";

  public TopicId {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length() != LENGTH) {
      throw new IllegalArgumentException("a topic id is 32 bytes, got " + bytes.length());
    }
  }

  /** BLAKE3 derive_key({@value #NAME_CONTEXT}, UTF-8 of {@code name}). */
  public static TopicId fromName(String name) {
    return fromName(name.getBytes(StandardCharsets.UTF_8));
  }

  /** BLAKE3 derive_key({@value #NAME_CONTEXT}, {@code name}). */
  public static TopicId fromName(byte[] name) {
    return new TopicId(Bytes.of(Blake3.deriveKey(NAME_CONTEXT, name, LENGTH)));
  }

  /** A topic named by a hash the application already has (a log id, a group id...), used as is. */
  public static TopicId of(Hash hash) {
    return new TopicId(hash.bytes());
  }

  public static TopicId fromHex(CharSequence hex) {
    return new TopicId(Bytes.fromHex(hex));
  }

  public String toHex() {
    return bytes.toHex();
  }

  @Override
  public int compareTo(TopicId other) {
    return bytes.compareTo(other.bytes);
  }

  @Override
  public String toString() {
    return bytes.toHex();
  }
}
