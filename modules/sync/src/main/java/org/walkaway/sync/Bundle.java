package org.walkaway.sync;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.walkaway.core.Blake3;
import org.walkaway.core.Bytes;
import org.walkaway.core.DecodeLimits;
import org.walkaway.core.Event;
import org.walkaway.core.EventCodec;
import org.walkaway.core.LogId;
import org.walkaway.core.LogKey;
import org.walkaway.core.PublicKey;
import org.walkaway.core.Rejection;
import org.walkaway.core.Verdict;
import org.walkaway.core.store.AppendResult;
import org.walkaway.core.store.EventStore;
import org.walkaway.sync.internal.ByteReader;
import org.walkaway.sync.internal.ByteWriter;
import org.walkaway.sync.internal.Message;
import org.walkaway.sync.internal.WireException;

/**
 * A bundle file: a topic's events, or what one peer is missing, on a USB stick or in a mail.
 *
 * <pre>
 *   "WALKAWAY-BUNDLE" (15 bytes) | version u8 (1) | topic log id (32)
 *   (frame length varint | EVENT frame, exactly as {@link SyncSession} sends it)*
 *   0x00 (end marker) | event count varint | BLAKE3-256 of every byte before this hash (32)
 * </pre>
 *
 * Events appear log by log, in sequence order, so a reader can append them as they come.
 *
 * <p><b>Import is all-or-nothing for the bundle, then per event.</b> {@link #read} first checks the
 * whole file (magic, version, frames, count, BLAKE3 trailer) and fully verifies every event
 * ({@link EventCodec#decode}) and that it belongs to the topic. Any failure, a truncated or tampered
 * file included, refuses the bundle and imports nothing. Only then are events appended, each
 * atomically, with a result per event (an event the store already holds is a duplicate; one whose
 * predecessor the store lacks is rejected and does not stop the others).
 *
 * <p>Limit: a bundle is built and checked in memory, so it must fit in the heap (and below 2 GiB).
 */
public final class Bundle {
  public static final String MAGIC = "WALKAWAY-BUNDLE";
  public static final int VERSION = 1;
  private static final byte[] MAGIC_BYTES = MAGIC.getBytes(StandardCharsets.US_ASCII);
  private static final int HASH_LENGTH = 32;

  private Bundle() {}

  /** How many events and bytes {@link #write} wrote. */
  public record Written(long events, long bytes) {}

  /**
   * Writes the events of {@code topic} a peer lacks, given the peer's heights per author (an empty
   * map: the whole topic, from each log's prune point).
   *
   * @throws SyncException if {@code out} fails
   */
  public static Written write(EventStore store, LogId topic, Map<PublicKey, Long> peerHeights, OutputStream out) {
    ByteWriter bundle = new ByteWriter(64 * 1024);
    bundle.writeBytes(MAGIC_BYTES).writeByte(VERSION).writeBytes(topic.bytes().toArray());
    long count = 0;
    List<LogKey> logs = new ArrayList<>(store.heights(List.of(topic)).keySet());
    logs.sort(null);
    for (LogKey log : logs) {
      long height = store.latest(log).map(Event::seqNum).orElse(-1L);
      long from = Math.max(store.prunePoint(log), peerHeights.getOrDefault(log.author(), -1L) + 1);
      for (long next = from; next <= height; next += 1024) {
        for (Event event : store.range(log, next, Math.min(height, next + 1023))) {
          byte[] frame = Message.encodeEvent(event.headerBytes().toArray(),
              event.body().map(b -> b.bytes().toArray()), false);
          bundle.writeVarint(frame.length).writeBytes(frame);
          count++;
        }
      }
    }
    bundle.writeByte(0).writeVarint(count);
    byte[] content = bundle.toArray();
    byte[] hash = Blake3.hash(content, HASH_LENGTH);
    try {
      out.write(content);
      out.write(hash);
      out.flush();
    } catch (IOException e) {
      throw new SyncException("could not write the bundle: " + e.getMessage(), e);
    }
    return new Written(count, content.length + HASH_LENGTH);
  }

  /**
   * Reads a bundle completely, verifies it and imports it into {@code store} (see the class comment).
   *
   * @throws SyncException if {@code in} fails
   */
  public static BundleImport read(InputStream in, EventStore store) {
    byte[] bytes;
    try {
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new SyncException("could not read the bundle: " + e.getMessage(), e);
    }
    return read(bytes, store, DecodeLimits.DEFAULT);
  }

  public static BundleImport read(byte[] bundle, EventStore store, DecodeLimits limits) {
    int headerLength = MAGIC_BYTES.length + 1 + LogId.LENGTH;
    if (bundle.length < headerLength + 2 + HASH_LENGTH
        || !Arrays.equals(bundle, 0, MAGIC_BYTES.length, MAGIC_BYTES, 0, MAGIC_BYTES.length)) {
      return refused("not a Walkaway bundle (no magic, or too short)");
    }
    if (bundle[MAGIC_BYTES.length] != VERSION) {
      return refused("bundle version " + (bundle[MAGIC_BYTES.length] & 0xFF) + " is not supported");
    }
    int contentLength = bundle.length - HASH_LENGTH;
    byte[] expected = Blake3.hash(bundle, 0, contentLength, HASH_LENGTH);
    if (!Arrays.equals(expected, 0, HASH_LENGTH, bundle, contentLength, bundle.length)) {
      return refused("the BLAKE3 trailer does not match: the bundle is truncated or was altered");
    }
    LogId topic = new LogId(Bytes.of(bundle, MAGIC_BYTES.length + 1, LogId.LENGTH));
    List<Event> events = new ArrayList<>();
    try {
      ByteReader reader = new ByteReader(bundle, headerLength, contentLength - headerLength);
      while (true) {
        int length = reader.readLength(reader.remaining(), "frame length");
        if (length == 0) {
          break;
        }
        if (!(Message.decode(reader.readBytes(length)) instanceof Message.EventFrame frame) || frame.live()) {
          return refused("frame " + events.size() + " is not an event frame");
        }
        Verdict<Event> verdict = EventCodec.decode(frame.header(), frame.body(), limits);
        if (verdict instanceof Verdict.Rejected<Event>(Rejection rejection)) {
          return new BundleImport.Refused("event " + events.size() + " failed verification: " + rejection,
              Optional.of(rejection));
        }
        Event event = ((Verdict.Accepted<Event>) verdict).value();
        if (!event.logId().equals(topic)) {
          return refused("event " + events.size() + " belongs to log id " + event.logId() + ", not the bundle's topic");
        }
        events.add(event);
      }
      long count = reader.readVarint();
      reader.expectEnd("the bundle trailer");
      if (count != events.size()) {
        return refused("the trailer counts " + count + " events, the bundle holds " + events.size());
      }
    } catch (WireException | IllegalArgumentException e) {
      return refused("malformed bundle: " + e.getMessage());
    }
    List<AppendResult> results = new ArrayList<>(events.size());
    for (Event event : events) {
      results.add(store.append(event));
    }
    return new BundleImport.Imported(topic, results);
  }

  private static BundleImport refused(String reason) {
    return new BundleImport.Refused(reason, Optional.empty());
  }
}
