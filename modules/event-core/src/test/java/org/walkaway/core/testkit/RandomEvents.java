package org.walkaway.core.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.walkaway.core.Body;
import org.walkaway.core.Bytes;
import org.walkaway.core.Event;
import org.walkaway.core.EventBuilder;
import org.walkaway.core.Extensions;
import org.walkaway.core.Hash;
import org.walkaway.core.LogId;
import org.walkaway.core.SigningKey;
import org.walkaway.core.Verdict;

/**
 * Seeded generators of keys, canonical CBOR items, extensions and signed events, for property tests
 * in event-core and in the modules that build on it (this class ships in event-core's test-jar).
 *
 * <p>Everything is a pure function of the generator's state: the same seed gives the same events,
 * so a failing seed printed by a test reproduces the failure.
 */
public final class RandomEvents {
  private RandomEvents() {}

  /** Sequence numbers at the edges of CBOR's integer widths, and the largest one allowed. */
  private static final long[] EDGE_SEQ_NUMS = {
    1, 2, 23, 24, 255, 256, 65_535, 65_536, 0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFEL, 0xFFFF_FFFFL
  };

  private static final String TEXT_ALPHABET = "aZ09 ~\u00e9\u00df\u4e2d\u6587\u0000\n";
  private static final String ASTRAL = "\ud83d\ude00"; // one code point outside the BMP

  public static SigningKey key(RandomGenerator random) {
    return SigningKey.generate(random);
  }

  public static Hash hash(RandomGenerator random) {
    return Hash.fromBytes(bytes(random, Hash.LENGTH));
  }

  public static LogId logId(RandomGenerator random) {
    return new LogId(Bytes.of(bytes(random, LogId.LENGTH)));
  }

  public static byte[] bytes(RandomGenerator random, int length) {
    byte[] out = new byte[length];
    random.nextBytes(out);
    return out;
  }

  /** A random sequence number: 0, a CBOR width edge, or anything in 0..2^32-1. */
  public static long seqNum(RandomGenerator random) {
    return switch (random.nextInt(4)) {
      case 0 -> 0;
      case 1 -> EDGE_SEQ_NUMS[random.nextInt(EDGE_SEQ_NUMS.length)];
      case 2 -> random.nextLong(1, 1000);
      default -> random.nextLong(0, 0x1_0000_0000L);
    };
  }

  /** An unsigned 64-bit value (as a long), biased toward the edges of CBOR's integer widths. */
  public static long unsigned64(RandomGenerator random) {
    return switch (random.nextInt(6)) {
      case 0 -> random.nextLong(0, 24);
      case 1 -> random.nextLong(24, 0x100);
      case 2 -> random.nextLong(0x100, 0x1_0000);
      case 3 -> random.nextLong(0x1_0000, 0x1_0000_0000L);
      case 4 -> random.nextBoolean() ? -1L : Long.MIN_VALUE; // 2^64-1 and 2^63
      default -> random.nextLong();
    };
  }

  /** Valid text, including non-ASCII, NUL and a code point outside the BMP. */
  public static String text(RandomGenerator random, int maxLength) {
    int length = random.nextInt(maxLength + 1);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < length; i++) {
      if (random.nextInt(10) == 0) {
        out.append(ASTRAL);
      } else {
        out.append(TEXT_ALPHABET.charAt(random.nextInt(TEXT_ALPHABET.length())));
      }
    }
    return out.toString();
  }

  /**
   * One random item of canonical CBOR in the subset Walkaway accepts: integers of every width, byte
   * and text strings, booleans, null, arrays and maps (keys sorted, unique) nested up to
   * {@code depth}. Some maps have small unsigned keys, so they look like Walkaway's extensions
   * layout (with or without a version key, with values of any kind).
   */
  public static byte[] canonicalItem(RandomGenerator random, int depth) {
    int kinds = depth > 0 ? 10 : 6;
    return switch (random.nextInt(kinds)) {
      case 0 -> Cbor.uint(unsigned64(random));
      case 1 -> Cbor.negative(unsigned64(random));
      case 2 -> Cbor.bytes(bytes(random, random.nextInt(4) == 0 ? random.nextInt(300) : random.nextInt(40)));
      case 3 -> Cbor.text(text(random, 12));
      case 4 -> switch (random.nextInt(3)) {
        case 0 -> Cbor.FALSE;
        case 1 -> Cbor.TRUE;
        default -> Cbor.NULL;
      };
      case 5 -> Cbor.uint(random.nextInt(24));
      case 6, 7 -> {
        int size = random.nextInt(5);
        List<byte[]> items = new ArrayList<>();
        for (int i = 0; i < size; i++) {
          items.add(canonicalItem(random, depth - 1));
        }
        yield Cbor.array(items);
      }
      case 8 -> {
        int size = random.nextInt(5);
        List<byte[][]> entries = new ArrayList<>();
        for (int i = 0; i < size; i++) {
          entries.add(new byte[][] {canonicalItem(random, depth - 1), canonicalItem(random, depth - 1)});
        }
        yield Cbor.canonicalMap(entries);
      }
      default -> {
        // Looks like an extensions map: small unsigned keys, maybe version 0, values of any kind.
        int size = random.nextInt(5);
        List<byte[][]> entries = new ArrayList<>();
        for (int i = 0; i < size; i++) {
          entries.add(new byte[][] {Cbor.uint(random.nextInt(8)), canonicalItem(random, depth - 1)});
        }
        yield Cbor.canonicalMap(entries);
      }
    };
  }

  /**
   * Key for an extension field: reserved (5..15), processor (16..63), application, or huge (keys
   * are unsigned 64-bit, so a negative long is a key of 2^63 or more).
   */
  public static long fieldKey(RandomGenerator random) {
    return switch (random.nextInt(6)) {
      case 0 -> random.nextLong(5, 16);
      case 1 -> random.nextLong(16, 64);
      case 2 -> random.nextLong(64, 0x1_0000);
      case 3 -> random.nextLong(0x1_0000, Long.MAX_VALUE);
      case 4 -> random.nextLong(Long.MIN_VALUE, 0);
      default -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE, -1L}[random.nextInt(3)];
    };
  }

  /** Random Walkaway-layout extensions: any subset of the fixed fields plus unknown fields. */
  public static Extensions walkawayExtensions(RandomGenerator random) {
    Extensions.Builder builder = Extensions.builder();
    if (random.nextBoolean()) {
      builder.logId(logId(random));
    }
    if (random.nextBoolean()) {
      builder.timestampMicros(
          switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> Long.MAX_VALUE;
            default -> random.nextLong(0, Long.MAX_VALUE);
          });
    }
    if (random.nextInt(4) == 0) {
      builder.prune(true);
    }
    int previous = random.nextInt(4);
    if (previous > 0) {
      List<Hash> ids = new ArrayList<>();
      for (int i = 0; i < previous; i++) {
        ids.add(hash(random));
      }
      if (random.nextBoolean()) {
        ids.add(ids.get(0)); // a duplicate, which the builder drops
      }
      builder.previous(ids);
    }
    int fields = random.nextInt(4);
    for (int i = 0; i < fields; i++) {
      builder.field(fieldKey(random), Bytes.of(canonicalItem(random, 3)));
    }
    return builder.build();
  }

  /**
   * Random opaque extensions (any canonical item that is not a valid Walkaway layout map is kept
   * as it is; a random item that happens to be an invalid layout map is replaced by another).
   */
  public static Extensions opaqueExtensions(RandomGenerator random) {
    while (true) {
      Verdict<Extensions> decoded = Extensions.decode(Bytes.of(canonicalItem(random, 4)));
      if (decoded instanceof Verdict.Accepted<Extensions>(Extensions extensions)) {
        return extensions;
      }
    }
  }

  /** No extensions, Walkaway-layout ones, or opaque ones. */
  public static Optional<Extensions> extensions(RandomGenerator random) {
    return switch (random.nextInt(5)) {
      case 0 -> Optional.empty();
      case 1 -> Optional.of(opaqueExtensions(random));
      default -> Optional.of(walkawayExtensions(random));
    };
  }

  /** No body, an empty body, or random bytes. */
  public static Optional<Body> body(RandomGenerator random) {
    return switch (random.nextInt(4)) {
      case 0 -> Optional.empty();
      case 1 -> Optional.of(Body.of(new byte[0]));
      default -> Optional.of(Body.of(bytes(random, random.nextInt(1, random.nextBoolean() ? 64 : 2048))));
    };
  }

  /**
   * A signed event with every header field random: sequence number (with a random backlink above
   * 0), body, extensions. It is valid on its own, but not as part of a log.
   */
  public static Event event(RandomGenerator random, SigningKey key) {
    long seq = seqNum(random);
    EventBuilder builder =
        EventBuilder.create().seqNum(seq, seq == 0 ? Optional.empty() : Optional.of(hash(random)));
    body(random).ifPresent(builder::body);
    extensions(random).ifPresent(builder::extensions);
    return builder.sign(key);
  }

  /** A valid log of {@code length} events (seq 0 up), with random bodies, in log {@code logId}. */
  public static List<Event> log(RandomGenerator random, SigningKey key, LogId logId, int length) {
    List<Event> log = new ArrayList<>(length);
    for (int i = 0; i < length; i++) {
      EventBuilder builder =
          i == 0 ? EventBuilder.create().logId(logId) : EventBuilder.following(log.get(i - 1));
      if (random.nextBoolean()) {
        builder.body(Body.of(bytes(random, random.nextInt(0, 48))));
      }
      log.add(builder.sign(key));
    }
    return List.copyOf(log);
  }
}
