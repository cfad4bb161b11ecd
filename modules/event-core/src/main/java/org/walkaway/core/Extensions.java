package org.walkaway.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import org.walkaway.core.internal.ExtensionsLayout;

/**
 * The last, optional element of a header: what the layers above event-core need to know about an
 * event. Walkaway's layout (version 1) is a CBOR map with unsigned integer keys:
 *
 * <pre>
 *   0  layout version   1
 *   1  log id           32 bytes; absent means {@link LogId#DEFAULT}
 *   2  timestamp        microseconds since the Unix epoch
 *   3  prune flag       true: every earlier event of this log may be deleted
 *   4  previous         ids of events in other logs that this one causally follows
 *   5..15               reserved for later versions of the layout (kept, not interpreted)
 *   16..63              arguments of Walkaway processors (auth, groups, encryption)
 *   64..                applications
 * </pre>
 *
 * Fields this version does not know are kept byte for byte, so a newer peer's events pass through
 * an older one unchanged. Any other CBOR item is accepted as <em>opaque</em> extensions (p2panda
 * applications define their own), which carry none of the fields above.
 *
 * <p>Two extensions are equal when their canonical encodings are equal.
 */
public final class Extensions {
  /** The first key free for Walkaway processors' arguments. */
  public static final long FIRST_PROCESSOR_KEY = 16;
  /** The first key free for applications. */
  public static final long FIRST_APPLICATION_KEY = 64;

  private final Bytes encoded;
  private final ExtensionsLayout.Parsed parsed;

  private Extensions(Bytes encoded, ExtensionsLayout.Parsed parsed) {
    this.encoded = encoded;
    this.parsed = parsed;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Decodes one canonical CBOR item as extensions, within {@code limits}. Rejects malformed or
   * non-canonical bytes, and Walkaway-layout maps whose fields are wrong.
   */
  public static Verdict<Extensions> decode(Bytes item, DecodeLimits limits) {
    byte[] bytes = item.toArray();
    return ExtensionsLayout.parse(bytes, limits).map(parsed -> new Extensions(item, parsed));
  }

  public static Verdict<Extensions> decode(Bytes item) {
    return decode(item, DecodeLimits.DEFAULT);
  }

  /** For the header decoder: {@code item} was already checked to be canonical within limits. */
  static Verdict<Extensions> decodeCanonical(byte[] item) {
    return ExtensionsLayout.parseCanonical(item).map(parsed -> new Extensions(Bytes.of(item), parsed));
  }

  /** The exact CBOR item. */
  public Bytes encoded() {
    return encoded;
  }

  /** True for Walkaway's layout; false for opaque (foreign) extensions. */
  public boolean isWalkawayLayout() {
    return parsed.walkaway();
  }

  public Optional<LogId> logId() {
    return Optional.ofNullable(parsed.logId());
  }

  public OptionalLong timestampMicros() {
    return parsed.timestampMicros() < 0 ? OptionalLong.empty() : OptionalLong.of(parsed.timestampMicros());
  }

  public boolean prune() {
    return parsed.prune();
  }

  /** Causal dependencies in other logs, ascending. */
  public List<Hash> previous() {
    return parsed.previous();
  }

  /**
   * A field outside the fixed ones (key 5 and up), as its raw CBOR item. Keys are unsigned 64-bit:
   * a negative {@code key} stands for 2^64 + key.
   */
  public Optional<Bytes> field(long key) {
    return Optional.ofNullable(parsed.fields().get(key));
  }

  /** Every field outside the fixed ones, by key in unsigned order, as raw CBOR items. */
  public SortedMap<Long, Bytes> fields() {
    return parsed.fields();
  }

  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.logId = parsed.logId();
    builder.timestampMicros = parsed.timestampMicros();
    builder.prune = parsed.prune();
    builder.previous.addAll(parsed.previous());
    builder.fields.putAll(parsed.fields());
    return builder;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Extensions other && encoded.equals(other.encoded);
  }

  @Override
  public int hashCode() {
    return encoded.hashCode();
  }

  @Override
  public String toString() {
    if (!parsed.walkaway()) {
      return "Extensions[opaque " + encoded.toHex() + "]";
    }
    return "Extensions[logId=" + parsed.logId() + ", timestampMicros=" + parsed.timestampMicros()
        + ", prune=" + parsed.prune() + ", previous=" + parsed.previous() + ", fields="
        + parsed.fields().keySet() + "]";
  }

  /** Builds Walkaway-layout extensions. */
  public static final class Builder {
    private LogId logId;
    private long timestampMicros = -1;
    private boolean prune;
    private final List<Hash> previous = new ArrayList<>();
    private final SortedMap<Long, Bytes> fields = new TreeMap<>(Long::compareUnsigned);

    private Builder() {}

    public Builder logId(LogId logId) {
      this.logId = Objects.requireNonNull(logId, "logId");
      return this;
    }

    public Builder timestampMicros(long micros) {
      if (micros < 0) {
        throw new IllegalArgumentException("timestamp must not be negative: " + micros);
      }
      this.timestampMicros = micros;
      return this;
    }

    public Builder prune(boolean prune) {
      this.prune = prune;
      return this;
    }

    /** Replaces the causal dependencies; order and duplicates do not matter. */
    public Builder previous(List<Hash> ids) {
      previous.clear();
      previous.addAll(ids);
      return this;
    }

    /**
     * Sets a field (key 5 and up) to one canonical CBOR item. Keys are unsigned 64-bit: a negative
     * {@code key} stands for 2^64 + key.
     */
    public Builder field(long key, Bytes cborItem) {
      if (Long.compareUnsigned(key, ExtensionsLayout.FIRST_FREE_KEY) < 0) {
        throw new IllegalArgumentException(
            "keys 0-4 are the layout's own fields; use the builder's methods for them (key " + key + ")");
      }
      fields.put(key, Objects.requireNonNull(cborItem, "cborItem"));
      return this;
    }

    public Extensions build() {
      byte[] encoded = ExtensionsLayout.encode(logId, timestampMicros, prune, previous, fields);
      return decodeCanonical(encoded).orElseThrow();
    }
  }
}
