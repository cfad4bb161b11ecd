package org.walkaway.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import org.walkaway.core.Hash;
import org.walkaway.core.LogId;

/**
 * Walkaway's extensions layout (version 1) for the generators, written independently of event-core:
 * a map with unsigned integer keys in ascending order (the bytewise order of their shortest
 * encodings), 0 the layout version, 1 log id, 2 timestamp, 3 prune flag, 4 previous, 5 and up kept
 * as they are.
 */
final class WalkawayExtensions {
  private Optional<LogId> logId = Optional.empty();
  private OptionalLong timestampMicros = OptionalLong.empty();
  private boolean prune;
  private List<Hash> previous = List.of();
  private final SortedMap<Long, byte[]> other = new TreeMap<>(Long::compareUnsigned);

  static WalkawayExtensions layout() {
    return new WalkawayExtensions();
  }

  WalkawayExtensions logId(LogId id) {
    logId = Optional.of(id);
    return this;
  }

  WalkawayExtensions timestampMicros(long micros) {
    timestampMicros = OptionalLong.of(micros);
    return this;
  }

  WalkawayExtensions prune() {
    prune = true;
    return this;
  }

  /** Dependencies, written in the order given (sorted ones are canonical). */
  WalkawayExtensions previous(List<Hash> ids) {
    previous = List.copyOf(ids);
    return this;
  }

  WalkawayExtensions field(long key, byte[] item) {
    other.put(key, item);
    return this;
  }

  Optional<LogId> logId() {
    return logId;
  }

  OptionalLong timestampMicros() {
    return timestampMicros;
  }

  boolean isPrune() {
    return prune;
  }

  List<Hash> previousIds() {
    return previous;
  }

  SortedMap<Long, byte[]> otherFields() {
    return other;
  }

  byte[] encode() {
    SortedMap<Long, byte[]> entries = new TreeMap<>(Long::compareUnsigned);
    entries.put(0L, Cbor.uint(1));
    logId.ifPresent(id -> entries.put(1L, Cbor.bytes(id.bytes().toArray())));
    timestampMicros.ifPresent(micros -> entries.put(2L, Cbor.uint(micros)));
    if (prune) {
      entries.put(3L, Cbor.TRUE);
    }
    if (!previous.isEmpty()) {
      entries.put(
          4L, Cbor.array(previous.stream().map(id -> Cbor.bytes(id.bytes().toArray())).toArray(byte[][]::new)));
    }
    entries.putAll(other);
    List<byte[]> items = new ArrayList<>();
    for (Map.Entry<Long, byte[]> entry : entries.entrySet()) {
      items.add(Cbor.uint(entry.getKey()));
      items.add(entry.getValue());
    }
    return Cbor.map(items.toArray(byte[][]::new));
  }
}
