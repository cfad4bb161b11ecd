package org.walkaway.benchmarks.core;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.walkaway.core.Body;
import org.walkaway.core.Bytes;
import org.walkaway.core.Event;
import org.walkaway.core.EventBuilder;
import org.walkaway.core.Hash;
import org.walkaway.core.LogId;
import org.walkaway.core.SigningKey;

/**
 * The events the benchmarks work on, made from fixed seeds so that every run measures the same
 * bytes. An event looks like a typical application event: a 256-byte body and Walkaway extensions
 * with a log id, a timestamp and one causal dependency, which makes a header of about 250 bytes
 * and a signed message of about 190.
 */
final class Fixtures {
  private Fixtures() {}

  static final int BODY_SIZE = 256;
  static final LogId LOG = LogId.ofTopic("walkaway benchmarks");
  static final long EPOCH_MICROS = 1_795_000_000_000_000L;

  static SigningKey author(long seed) {
    return SigningKey.generate(new SplittableRandom(seed));
  }

  static byte[] randomBytes(SplittableRandom random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  /** One event of {@link #LOG} after {@code previous} (or the log's first when empty). */
  static Event next(SigningKey author, List<Event> previous, SplittableRandom random) {
    EventBuilder builder =
        previous.isEmpty()
            ? EventBuilder.create().logId(LOG)
            : EventBuilder.following(previous.getLast());
    return builder
        .body(Body.of(randomBytes(random, BODY_SIZE)))
        .timestampMicros(EPOCH_MICROS + previous.size())
        .previous(List.of(Hash.fromBytes(randomBytes(random, Hash.LENGTH))))
        .sign(author);
  }

  /** A valid log of {@code length} events by {@code author}, seq 0 first. */
  static List<Event> chain(SigningKey author, int length, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Event> events = new ArrayList<>(length);
    for (int i = 0; i < length; i++) {
      events.add(next(author, events, random));
    }
    return List.copyOf(events);
  }

  /**
   * The message the author signed: the header with its signature element cut out and the array
   * one shorter. The signature sits right after the version (1 byte) and the key (2 + 32 bytes) and
   * takes 2 + 64 bytes; event-core does the same cut when it verifies.
   */
  static byte[] signedMessage(Bytes header) {
    int start = 1 + 1 + 2 + 32;
    int end = start + 2 + 64;
    byte[] bytes = header.toArray();
    byte[] message = new byte[bytes.length - (end - start)];
    message[0] = (byte) (bytes[0] - 1);
    System.arraycopy(bytes, 1, message, 1, start - 1);
    System.arraycopy(bytes, end, message, start, bytes.length - end);
    return message;
  }
}
