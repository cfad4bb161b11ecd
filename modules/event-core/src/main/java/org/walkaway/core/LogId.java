package org.walkaway.core;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Names one of an author's logs. An author keeps one log per topic, and the log id is derived from
 * the topic with BLAKE3's key-derivation mode, so that the topic itself never appears in an event.
 * An event without a log id belongs to the author's {@link #DEFAULT} log.
 */
public record LogId(Bytes bytes) implements Comparable<LogId> {
  public static final int LENGTH = 32;

  /** The log of events that carry no log id: 32 zero bytes. */
  public static final LogId DEFAULT = new LogId(Bytes.of(new byte[LENGTH]));

  static final String TOPIC_CONTEXT = "walkaway 2026-11 log id from topic v1";

  public LogId {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length() != LENGTH) {
      throw new IllegalArgumentException("a log id is 32 bytes, got " + bytes.length());
    }
  }

  /** The log id of {@code topic}: BLAKE3 derive_key("walkaway 2026-11 log id from topic v1", topic). */
  public static LogId ofTopic(byte[] topic) {
    return new LogId(Bytes.of(Blake3.deriveKey(TOPIC_CONTEXT, topic, LENGTH)));
  }

  /** The log id of a topic named by UTF-8 text. */
  public static LogId ofTopic(String topic) {
    return ofTopic(topic.getBytes(StandardCharsets.UTF_8));
  }

  public static LogId fromHex(CharSequence hex) {
    return new LogId(Bytes.fromHex(hex));
  }

  public String toHex() {
    return bytes.toHex();
  }

  @Override
  public int compareTo(LogId other) {
    return bytes.compareTo(other.bytes);
  }

  @Override
  public String toString() {
    return bytes.toHex();
  }
}
