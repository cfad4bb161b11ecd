package org.walkaway.auth;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.walkaway.core.Bytes;

/**
 * The IPLD data model as DAG-CBOR can carry it: what invocation arguments, metadata and policy
 * operands are made of.
 *
 * <p>Integers are limited to the range of a Java {@code long} (DAG-CBOR allows -2^64..2^64-1; the
 * codec refuses the rest). Floats are finite doubles (DAG-CBOR forbids NaN and infinities). Map
 * keys are strings, kept in DAG-CBOR order (shorter UTF-8 encoding first, then bytewise), so that
 * {@code equals} and encoding agree.
 */
public sealed interface Ipld {

  /** The DAG-CBOR map key order: length of the UTF-8 encoding first, then bytewise. */
  Comparator<String> KEY_ORDER = (a, b) -> {
    byte[] x = a.getBytes(StandardCharsets.UTF_8);
    byte[] y = b.getBytes(StandardCharsets.UTF_8);
    return x.length != y.length ? Integer.compare(x.length, y.length) : Arrays.compareUnsigned(x, y);
  };

  /** The null value. */
  record Null() implements Ipld {}

  /** true or false. */
  record Bool(boolean value) implements Ipld {}

  /** An integer (within the range of {@code long}). */
  record Int(long value) implements Ipld {}

  /** A finite 64-bit float. */
  record Real(double value) implements Ipld {
    public Real {
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException("IPLD floats are finite, got " + value);
      }
    }
  }

  /** A UTF-8 string. */
  record Text(String value) implements Ipld {
    public Text {
      Objects.requireNonNull(value, "value");
    }
  }

  /** A byte string. */
  record Blob(Bytes value) implements Ipld {
    public Blob {
      Objects.requireNonNull(value, "value");
    }
  }

  /** A list. */
  record Seq(List<Ipld> items) implements Ipld {
    public Seq {
      items = List.copyOf(items);
    }
  }

  /** A map with string keys, iterated in DAG-CBOR key order. */
  record Dict(SortedMap<String, Ipld> entries) implements Ipld {
    public Dict {
      TreeMap<String, Ipld> copy = new TreeMap<>(KEY_ORDER);
      for (Map.Entry<String, Ipld> e : entries.entrySet()) {
        copy.put(Objects.requireNonNull(e.getKey(), "key"), Objects.requireNonNull(e.getValue(), "value"));
      }
      entries = Collections.unmodifiableSortedMap(copy);
    }

    public static Dict of(Map<String, Ipld> entries) {
      TreeMap<String, Ipld> sorted = new TreeMap<>(KEY_ORDER);
      sorted.putAll(entries);
      return new Dict(sorted);
    }

    public static Dict empty() {
      return new Dict(new TreeMap<>(KEY_ORDER));
    }
  }

  /** A content link (CBOR tag 42). */
  record Link(Cid cid) implements Ipld {
    public Link {
      Objects.requireNonNull(cid, "cid");
    }
  }

  Null NULL = new Null();
}
