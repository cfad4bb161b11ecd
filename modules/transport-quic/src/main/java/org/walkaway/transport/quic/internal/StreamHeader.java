package org.walkaway.transport.quic.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.walkaway.core.Bytes;
import org.walkaway.transport.quic.ProtocolId;

/**
 * The first frame of every stream: {@code version(1) | protocolLength(1) | protocol |
 * topicLength(1) | topic}. It names what the rest of the stream is for.
 */
record StreamHeader(ProtocolId protocol, Bytes topic) {
  static final int VERSION = 1;
  static final int MAX_TOPIC = 255;
  static final int MAX_ENCODED = 3 + ProtocolId.MAX_LENGTH + MAX_TOPIC;

  StreamHeader {
    if (topic.length() > MAX_TOPIC) {
      throw new IllegalArgumentException(
          "a topic is at most " + MAX_TOPIC + " bytes, got " + topic.length());
    }
  }

  byte[] encode() {
    byte[] p = protocol.encoded();
    byte[] out = new byte[3 + p.length + topic.length()];
    out[0] = VERSION;
    out[1] = (byte) p.length;
    System.arraycopy(p, 0, out, 2, p.length);
    out[2 + p.length] = (byte) topic.length();
    topic.copyTo(out, 3 + p.length);
    return out;
  }

  /** The header in {@code data}, or empty when it is malformed (the stream is then reset). */
  static Optional<StreamHeader> decode(byte[] data) {
    if (data.length < 3 || data[0] != VERSION) {
      return Optional.empty();
    }
    int p = data[1] & 0xff;
    if (p == 0 || p > ProtocolId.MAX_LENGTH || data.length < 3 + p) {
      return Optional.empty();
    }
    int t = data[2 + p] & 0xff;
    if (data.length != 3 + p + t) {
      return Optional.empty();
    }
    try {
      ProtocolId protocol =
          new ProtocolId(new String(Arrays.copyOfRange(data, 2, 2 + p), StandardCharsets.US_ASCII));
      return Optional.of(new StreamHeader(protocol, Bytes.of(data, 3 + p, t)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
