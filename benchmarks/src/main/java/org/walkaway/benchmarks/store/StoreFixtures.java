package org.walkaway.benchmarks.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.walkaway.core.Body;
import org.walkaway.core.Event;
import org.walkaway.core.EventBuilder;
import org.walkaway.core.LogId;
import org.walkaway.core.SigningKey;

/**
 * Signed events for the store benchmarks, made from fixed seeds before measuring (signing runs at
 * about 15k events/s per core, far below what the store takes, so it must stay out of the
 * measurement). A typical event: a 256-byte body, a log id and a timestamp.
 */
final class StoreFixtures {
  private StoreFixtures() {}

  static final int BODY_SIZE = 256;

  /** {@code logs} chains of {@code length} events, each by its own author, signed on all cores. */
  static List<List<Event>> chains(int logs, int length, long seed) {
    return IntStream.range(0, logs)
        .parallel()
        .mapToObj(i -> chain(author(seed + i), LogId.ofTopic("bench"), length, seed * 31 + i))
        .toList();
  }

  static SigningKey author(long seed) {
    return SigningKey.generate(new SplittableRandom(seed));
  }

  static List<Event> chain(SigningKey author, LogId logId, int length, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Event> events = new ArrayList<>(length);
    for (int seq = 0; seq < length; seq++) {
      EventBuilder builder =
          seq == 0 ? EventBuilder.create().logId(logId) : EventBuilder.following(events.get(seq - 1));
      byte[] body = new byte[BODY_SIZE];
      random.nextBytes(body);
      events.add(builder.body(Body.of(body)).timestampMicros(1_795_000_000_000_000L + seq).sign(author));
    }
    return events;
  }

  /** The events of several chains interleaved in batches of {@code batch}, in an order valid to append. */
  static List<Event> interleave(List<List<Event>> chains, int batch) {
    List<Event> out = new ArrayList<>();
    int length = chains.getFirst().size();
    for (int from = 0; from < length; from += batch) {
      for (List<Event> chain : chains) {
        out.addAll(chain.subList(from, Math.min(length, from + batch)));
      }
    }
    return out;
  }

  static Path tempDir() {
    try {
      return Files.createTempDirectory("walkaway-store-bench");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void delete(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
