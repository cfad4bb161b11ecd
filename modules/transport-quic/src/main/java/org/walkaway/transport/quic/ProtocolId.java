package org.walkaway.transport.quic;

import java.nio.charset.StandardCharsets;

/**
 * The protocol spoken on one stream, such as {@code gossip/1} or {@code sync/1}. Every stream
 * starts with a header naming its protocol and topic; the receiving endpoint hands it to the
 * handler registered for that protocol.
 *
 * @param name 1 to 64 printable ASCII characters
 */
public record ProtocolId(String name) {
  public static final int MAX_LENGTH = 64;

  public ProtocolId {
    if (name.isEmpty() || name.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "a protocol id is 1 to " + MAX_LENGTH + " characters, got " + name.length());
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw new IllegalArgumentException("a protocol id is printable ASCII, got \"" + name + "\"");
      }
    }
  }

  public static ProtocolId of(String name) {
    return new ProtocolId(name);
  }

  /** The id's bytes on the wire (ASCII). */
  public byte[] encoded() {
    return name.getBytes(StandardCharsets.US_ASCII);
  }
}
