package org.walkaway.sync.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.walkaway.core.Bytes;
import org.walkaway.core.LogId;
import org.walkaway.core.PublicKey;

/**
 * The sync messages and their binary encoding: one message per frame, a one-byte type tag, then
 * fields as unsigned LEB128 varints and raw fixed-size byte strings. Event frames cost a tag and two
 * varints on top of the event's own bytes, which is what keeps sync's wire overhead near 1%.
 *
 * <pre>
 * HELLO    1 | version u8 | node 32 | topic 32 | flags u8 (1 initiator, 2 tips inline) | logCount
 *            | [tipCount | (author 32 | height | prunePoint)*]
 * RANGES   2 | count | (kind u8 | lower 32 | [upper 32] | fingerprint 16 or (n | tip*) [| m | author*])*
 * ANNOUNCE 3 | runCount | (author 32 | fromSeq | count)*
 * EVENT    4 | headerLength | header | bodyLength+1 (0: no body) | body
 * DONE     5 | eventsSent
 * LIVE     6 | as EVENT
 * CANCEL   7 | UTF-8 reason
 * ERROR    8 | UTF-8 message
 * COMPACT  9 | mask u8 | (gap)* | remainderLength | remainder | bodyLength+1 | body
 * </pre>
 *
 * <h2>Compact events</h2>
 *
 * Within a run of one log, four 32-byte values of a header are known to the receiver already, the
 * dictionary, in the order they appear in a canonical header: 0 the author (the run's), 1 the
 * payload hash (BLAKE3 of the body that follows), 2 the backlink (the id of the event before, which
 * the receiver holds or just received) and 3 the topic's log id (inside the extensions). A
 * COMPACT frame leaves them out of the header bytes: bit i of the mask says dictionary value i was
 * cut, and for each cut value, in ascending position, the gap is the number of header bytes kept
 * since the previous cut. The receiver splices the values back in and gets the header byte for
 * byte as signed; the signature check then proves the splice right. This takes a 1 KiB event's
 * overhead on the wire from about 21% (a ~213-byte header) to under 10%, with no CBOR knowledge in
 * the wire format.
 */
public sealed interface Message {
  int VERSION = 1;
  int HELLO = 1, RANGES = 2, ANNOUNCE = 3, EVENT = 4, DONE = 5, LIVE = 6, CANCEL = 7, ERROR = 8, COMPACT = 9;
  int DICTIONARY_SIZE = 4;
  int FINGERPRINT_LENGTH = 16;
  int KEY_LENGTH = 32;

  record Hello(
      int version, PublicKey node, LogId topic, boolean initiator, long logCount, Optional<List<Tip>> tips)
      implements Message {}

  /** One range {@code [lower, upper)} of author keys; an empty upper bound means "to the end". */
  sealed interface Range permits Fingerprint, Items {
    Bytes lower();

    Optional<Bytes> upper();
  }

  record Fingerprint(Bytes lower, Optional<Bytes> upper, Bytes fingerprint) implements Range {}

  /**
   * The sender's tips in the range: all of them, or, as a {@code reply} to the peer's own Items,
   * only those that differ from the peer's, plus the authors the peer listed that the sender lacks.
   */
  record Items(Bytes lower, Optional<Bytes> upper, List<Tip> tips, boolean reply, List<PublicKey> lacking)
      implements Range {}

  record Ranges(List<Range> ranges) implements Message {}

  record Run(PublicKey author, long fromSeq, long count) {}

  record Announce(List<Run> runs) implements Message {}

  /** An event as sent: a class, not a record, because it holds arrays (records compare them by identity). */
  final class EventFrame implements Message {
    private final byte[] header;
    private final Optional<byte[]> body;
    private final boolean live;

    EventFrame(byte[] header, Optional<byte[]> body, boolean live) {
      this.header = header;
      this.body = body;
      this.live = live;
    }

    public byte[] header() {
      return header;
    }

    public Optional<byte[]> body() {
      return body;
    }

    public boolean live() {
      return live;
    }
  }

  /** An event whose header lacks the dictionary values the mask names; see the class comment. */
  final class CompactEventFrame implements Message {
    private final int mask;
    private final int[] gaps;
    private final byte[] remainder;
    private final Optional<byte[]> body;

    CompactEventFrame(int mask, int[] gaps, byte[] remainder, Optional<byte[]> body) {
      this.mask = mask;
      this.gaps = gaps;
      this.remainder = remainder;
      this.body = body;
    }

    /** Bit i set: dictionary value i was cut from the header. */
    public int mask() {
      return mask;
    }

    public Optional<byte[]> body() {
      return body;
    }

    /**
     * The full header, with {@code dictionary}'s values spliced back in.
     *
     * @throws WireException if a needed value is missing or the gaps do not fit
     */
    public byte[] header(java.util.function.IntFunction<Optional<byte[]>> dictionary, int maxHeaderBytes) {
      long length = remainder.length + 32L * Integer.bitCount(mask);
      if (length > maxHeaderBytes) {
        throw new WireException("compact header would be " + length + " bytes, above the limit");
      }
      byte[] header = new byte[(int) length];
      int from = 0;
      int to = 0;
      int cut = 0;
      for (int i = 0; i < DICTIONARY_SIZE; i++) {
        if ((mask & (1 << i)) == 0) {
          continue;
        }
        int gap = gaps[cut++];
        if (gap > remainder.length - from) {
          throw new WireException("compact header gap runs past its bytes");
        }
        System.arraycopy(remainder, from, header, to, gap);
        from += gap;
        to += gap;
        byte[] value = dictionary.apply(i).orElseThrow(() -> new WireException("compact header needs a value the receiver lacks"));
        System.arraycopy(value, 0, header, to, 32);
        to += 32;
      }
      System.arraycopy(remainder, from, header, to, remainder.length - from);
      return header;
    }
  }

  record Done(long eventsSent) implements Message {}

  record Cancel(String reason) implements Message {}

  record Error(String message) implements Message {}

  static byte[] encode(Message message) {
    ByteWriter out = new ByteWriter(64);
    switch (message) {
      case Hello h -> {
        out.writeByte(HELLO).writeByte(h.version());
        out.writeBytes(h.node().bytes().toArray()).writeBytes(h.topic().bytes().toArray());
        out.writeByte((h.initiator() ? 1 : 0) | (h.tips().isPresent() ? 2 : 0));
        out.writeVarint(h.logCount());
        h.tips().ifPresent(tips -> writeTips(out, tips));
      }
      case Ranges r -> {
        out.writeByte(RANGES).writeVarint(r.ranges().size());
        for (Range range : r.ranges()) {
          int kind =
              switch (range) {
                case Fingerprint f -> 1;
                case Items i -> i.reply() ? 3 : 2;
              };
          out.writeByte(kind | (range.upper().isPresent() ? 0x10 : 0));
          out.writeBytes(range.lower().toArray());
          range.upper().ifPresent(u -> out.writeBytes(u.toArray()));
          switch (range) {
            case Fingerprint f -> out.writeBytes(f.fingerprint().toArray());
            case Items i -> {
              writeTips(out, i.tips());
              if (i.reply()) {
                out.writeVarint(i.lacking().size());
                i.lacking().forEach(author -> out.writeBytes(author.bytes().toArray()));
              }
            }
          }
        }
      }
      case Announce a -> {
        out.writeByte(ANNOUNCE).writeVarint(a.runs().size());
        for (Run run : a.runs()) {
          out.writeBytes(run.author().bytes().toArray()).writeVarint(run.fromSeq()).writeVarint(run.count());
        }
      }
      case EventFrame e -> {
        return encodeEvent(e.header(), e.body(), e.live());
      }
      case CompactEventFrame c -> throw new IllegalArgumentException("use encodeCompactEvent");
      case Done d -> out.writeByte(DONE).writeVarint(d.eventsSent());
      case Cancel c -> out.writeByte(CANCEL).writeBytes(c.reason().getBytes(StandardCharsets.UTF_8));
      case Error e -> out.writeByte(ERROR).writeBytes(e.message().getBytes(StandardCharsets.UTF_8));
    }
    return out.toArray();
  }

  /** Encodes an event frame straight from the stored bytes, without an intermediate record. */
  static byte[] encodeEvent(byte[] header, Optional<byte[]> body, boolean live) {
    int bodyLength = body.map(b -> b.length).orElse(-1);
    ByteWriter out = new ByteWriter(header.length + Math.max(0, bodyLength) + 12);
    out.writeByte(live ? LIVE : EVENT).writeVarint(header.length).writeBytes(header);
    out.writeVarint(bodyLength + 1L);
    body.ifPresent(out::writeBytes);
    return out.toArray();
  }

  /**
   * Encodes an event frame, cutting from the header every dictionary value found in it (see the class
   * comment); values are tried in dictionary order and must not overlap an earlier cut.
   */
  static byte[] encodeCompactEvent(byte[] header, Optional<byte[]> body, List<Optional<byte[]>> dictionary) {
    int[] positions = new int[DICTIONARY_SIZE];
    int mask = 0;
    for (int i = 0; i < DICTIONARY_SIZE; i++) {
      positions[i] = -1;
      if (dictionary.get(i).isPresent()) {
        int at = indexOf(header, dictionary.get(i).get());
        boolean overlaps = false;
        for (int j = 0; j < i; j++) {
          overlaps |= positions[j] >= 0 && Math.abs(positions[j] - at) < 32;
        }
        if (at >= 0 && !overlaps) {
          positions[i] = at;
        }
      }
    }
    // Cuts are listed in dictionary order, which must also be ascending position: the dictionary
    // follows the canonical header layout, and anything unusual just keeps its bytes.
    int last = -32;
    for (int i = 0; i < DICTIONARY_SIZE; i++) {
      if (positions[i] >= last + 32) {
        mask |= 1 << i;
        last = positions[i];
      } else {
        positions[i] = -1;
      }
    }
    int bodyLength = body.map(b -> b.length).orElse(-1);
    int remainderLength = header.length - 32 * Integer.bitCount(mask);
    // Sized exactly, so that the frame is handed out without another copy of the body.
    int frameLength = 2 + ByteWriter.varintLength(remainderLength) + remainderLength
        + ByteWriter.varintLength(bodyLength + 1L) + Math.max(0, bodyLength);
    int kept = 0;
    for (int i = 0; i < DICTIONARY_SIZE; i++) {
      if (positions[i] >= 0) {
        frameLength += ByteWriter.varintLength(positions[i] - kept);
        kept = positions[i] + 32;
      }
    }
    ByteWriter out = new ByteWriter(frameLength);
    out.writeByte(COMPACT).writeByte(mask);
    kept = 0;
    for (int i = 0; i < DICTIONARY_SIZE; i++) {
      if (positions[i] >= 0) {
        out.writeVarint(positions[i] - kept);
        kept = positions[i] + 32;
      }
    }
    out.writeVarint(remainderLength);
    kept = 0;
    for (int i = 0; i < DICTIONARY_SIZE; i++) {
      if (positions[i] >= 0) {
        out.writeBytes(header, kept, positions[i] - kept);
        kept = positions[i] + 32;
      }
    }
    out.writeBytes(header, kept, header.length - kept);
    out.writeVarint(bodyLength + 1L);
    body.ifPresent(out::writeBytes);
    return out.toArray();
  }

  private static int indexOf(byte[] data, byte[] pattern) {
    // Arrays.equals over ranges is a vectorised intrinsic; a byte-by-byte inner loop showed up in
    // the sender's profile (four searches through every header sent).
    for (int i = 0; i + pattern.length <= data.length; i++) {
      if (data[i] == pattern[0] && Arrays.equals(data, i, i + pattern.length, pattern, 0, pattern.length)) {
        return i;
      }
    }
    return -1;
  }

  private static void writeTips(ByteWriter out, List<Tip> tips) {
    out.writeVarint(tips.size());
    for (Tip tip : tips) {
      out.writeBytes(tip.author().bytes().toArray()).writeVarint(tip.height()).writeVarint(tip.prunePoint());
    }
  }

  /**
   * Decodes one frame.
   *
   * @throws WireException if the frame is not exactly one well-formed message
   */
  static Message decode(byte[] frame) {
    ByteReader in = new ByteReader(frame);
    int tag = in.readByte();
    Message message =
        switch (tag) {
          case HELLO -> {
            int version = in.readByte();
            PublicKey node = new PublicKey(Bytes.of(in.readBytes(KEY_LENGTH)));
            LogId topic = new LogId(Bytes.of(in.readBytes(KEY_LENGTH)));
            int flags = in.readByte();
            if ((flags & ~3) != 0) {
              throw new WireException("unknown HELLO flags " + flags);
            }
            long logCount = in.readVarint();
            Optional<List<Tip>> tips = (flags & 2) != 0 ? Optional.of(readTips(in)) : Optional.empty();
            yield new Hello(version, node, topic, (flags & 1) != 0, logCount, tips);
          }
          case RANGES -> {
            int count = in.readLength(in.remaining() / (1 + KEY_LENGTH), "range count");
            List<Range> ranges = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
              int kind = in.readByte();
              Bytes lower = Bytes.of(in.readBytes(KEY_LENGTH));
              Optional<Bytes> upper =
                  (kind & 0x10) != 0 ? Optional.of(Bytes.of(in.readBytes(KEY_LENGTH))) : Optional.empty();
              ranges.add(
                  switch (kind & 0x0F) {
                    case 1 -> new Fingerprint(lower, upper, Bytes.of(in.readBytes(FINGERPRINT_LENGTH)));
                    case 2 -> new Items(lower, upper, readTips(in), false, List.of());
                    case 3 -> new Items(lower, upper, readTips(in), true, readAuthors(in));
                    default -> throw new WireException("unknown range kind " + kind);
                  });
            }
            yield new Ranges(List.copyOf(ranges));
          }
          case ANNOUNCE -> {
            int count = in.readLength(in.remaining() / (KEY_LENGTH + 2), "run count");
            List<Run> runs = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
              runs.add(new Run(new PublicKey(Bytes.of(in.readBytes(KEY_LENGTH))), in.readVarint(), in.readVarint()));
            }
            yield new Announce(List.copyOf(runs));
          }
          case EVENT, LIVE -> {
            byte[] header = in.readBytes(in.readLength(in.remaining(), "header length"));
            int bodyPlusOne = in.readLength(in.remaining() + 1L, "body length");
            Optional<byte[]> body = bodyPlusOne == 0 ? Optional.empty() : Optional.of(in.readBytes(bodyPlusOne - 1));
            yield new EventFrame(header, body, tag == LIVE);
          }
          case COMPACT -> {
            int mask = in.readByte();
            if ((mask & ~((1 << DICTIONARY_SIZE) - 1)) != 0) {
              throw new WireException("unknown compact mask bits " + mask);
            }
            int[] gaps = new int[Integer.bitCount(mask)];
            for (int i = 0; i < gaps.length; i++) {
              gaps[i] = in.readLength(in.remaining(), "compact gap");
            }
            byte[] remainder = in.readBytes(in.readLength(in.remaining(), "header length"));
            int bodyPlusOne = in.readLength(in.remaining() + 1L, "body length");
            Optional<byte[]> body = bodyPlusOne == 0 ? Optional.empty() : Optional.of(in.readBytes(bodyPlusOne - 1));
            yield new CompactEventFrame(mask, gaps, remainder, body);
          }
          case DONE -> new Done(in.readVarint());
          case CANCEL -> new Cancel(new String(in.readBytes(in.remaining()), StandardCharsets.UTF_8));
          case ERROR -> new Error(new String(in.readBytes(in.remaining()), StandardCharsets.UTF_8));
          default -> throw new WireException("unknown message type " + tag);
        };
    in.expectEnd("message type " + tag);
    return message;
  }

  private static List<PublicKey> readAuthors(ByteReader in) {
    int count = in.readLength(in.remaining() / KEY_LENGTH, "author count");
    List<PublicKey> authors = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      authors.add(new PublicKey(Bytes.of(in.readBytes(KEY_LENGTH))));
    }
    return List.copyOf(authors);
  }

  private static List<Tip> readTips(ByteReader in) {
    int count = in.readLength(in.remaining() / (KEY_LENGTH + 2), "tip count");
    List<Tip> tips = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      PublicKey author = new PublicKey(Bytes.of(in.readBytes(KEY_LENGTH)));
      long height = in.readVarint();
      long prune = in.readVarint();
      if (height > 0xFFFF_FFFFL || prune > height) {
        throw new WireException("tip of " + author + " has prune point " + prune + " above height " + height);
      }
      tips.add(new Tip(author, height, prune));
    }
    return List.copyOf(tips);
  }
}
