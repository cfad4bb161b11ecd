package org.walkaway.auth.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.walkaway.auth.Cid;
import org.walkaway.auth.ErrorName;
import org.walkaway.auth.Ipld;
import org.walkaway.core.Bytes;

/**
 * A strict DAG-CBOR codec.
 *
 * <p>Decoding accepts only the canonical form, so that one value has exactly one encoding and
 * therefore one CID: definite lengths only; integers, lengths and tags in their shortest form;
 * floats only as 64-bit and finite; map keys only strings, unique, in length-first then bytewise
 * order; the simple values false, true and null only; tag 42 (a CID, as a byte string with a
 * leading 0x00) and no other tag; valid UTF-8; nesting at most {@code maxDepth}; no trailing bytes.
 * Anything else is a {@link TokenException} with {@link ErrorName#MALFORMED_TOKEN}.
 *
 * <p>Encoding writes that same canonical form.
 */
public final class DagCbor {
  public static final int DEFAULT_MAX_DEPTH = 64;

  private final byte[] data;
  private final int maxDepth;
  private int position;

  private DagCbor(byte[] data, int maxDepth) {
    this.data = data;
    this.maxDepth = maxDepth;
  }

  /** Decodes exactly one canonical DAG-CBOR item filling {@code data}. */
  public static Ipld decode(byte[] data, int maxDepth) {
    DagCbor reader = new DagCbor(data, maxDepth);
    Ipld value = reader.item(0);
    if (reader.position != data.length) {
      throw malformed("trailing bytes after the DAG-CBOR item");
    }
    return value;
  }

  /**
   * Decodes a UCAN envelope {@code [signature, sigPayload]} and also returns the exact bytes of the
   * second element, which are what the signature covers.
   */
  public static EnvelopeParts decodeEnvelope(byte[] data, int maxDepth) {
    DagCbor reader = new DagCbor(data, maxDepth);
    int major = reader.peekMajor();
    if (major != 4) {
      throw malformed("a UCAN envelope is a CBOR array");
    }
    long length = reader.head(4);
    if (length != 2) {
      throw malformed("a UCAN envelope has 2 elements, got " + length);
    }
    Ipld signature = reader.item(1);
    int start = reader.position;
    Ipld payload = reader.item(1);
    int end = reader.position;
    if (end != data.length) {
      throw malformed("trailing bytes after the envelope");
    }
    byte[] signed = new byte[end - start];
    System.arraycopy(data, start, signed, 0, signed.length);
    return new EnvelopeParts(signature, payload, signed);
  }

  /** The two elements of an envelope and the signed bytes of the second. */
  public record EnvelopeParts(Ipld signature, Ipld sigPayload, byte[] signedBytes) {}

  public static byte[] encode(Ipld value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(value, out);
    return out.toByteArray();
  }

  private static TokenException malformed(String message) {
    return new TokenException(ErrorName.MALFORMED_TOKEN, message);
  }

  private int peekMajor() {
    if (position >= data.length) {
      throw malformed("truncated DAG-CBOR");
    }
    return (data[position] & 0xff) >>> 5;
  }

  /** Reads a head of the given major type and returns its argument, refusing non-shortest forms. */
  private long head(int expectedMajor) {
    int initial = data[position++] & 0xff;
    int major = initial >>> 5;
    int info = initial & 31;
    if (major != expectedMajor) {
      throw new IllegalStateException("caller peeked another major type");
    }
    if (info < 24) {
      return info;
    }
    int size = switch (info) {
      case 24 -> 1;
      case 25 -> 2;
      case 26 -> 4;
      case 27 -> 8;
      case 31 -> throw malformed("indefinite lengths are not DAG-CBOR");
      default -> throw malformed("reserved additional information " + info);
    };
    if (data.length - position < size) {
      throw malformed("truncated DAG-CBOR");
    }
    long value = 0;
    for (int i = 0; i < size; i++) {
      value = (value << 8) | (data[position++] & 0xff);
    }
    long minimum = switch (size) {
      case 1 -> 24;
      case 2 -> 0x100;
      case 4 -> 0x10000;
      default -> 0x100000000L;
    };
    if (Long.compareUnsigned(value, minimum) < 0) {
      throw malformed("integer or length not in its shortest form");
    }
    return value;
  }

  private int length(int major) {
    long n = head(major);
    // Every element takes at least one byte, so no count can exceed what is left.
    if (n < 0 || n > data.length - position) {
      throw malformed("length " + Long.toUnsignedString(n) + " exceeds the input");
    }
    return (int) n;
  }

  private Ipld item(int depth) {
    if (depth > maxDepth) {
      throw malformed("nesting deeper than " + maxDepth);
    }
    int major = peekMajor();
    switch (major) {
      case 0 -> {
        long n = head(0);
        if (n < 0) {
          throw malformed("integer above 2^63-1 is not supported");
        }
        return new Ipld.Int(n);
      }
      case 1 -> {
        long n = head(1);
        if (n < 0) {
          throw malformed("integer below -2^63 is not supported");
        }
        return new Ipld.Int(-1 - n);
      }
      case 2 -> {
        int n = length(2);
        Bytes value = Bytes.of(data, position, n);
        position += n;
        return new Ipld.Blob(value);
      }
      case 3 -> {
        return new Ipld.Text(text(length(3)));
      }
      case 4 -> {
        int n = length(4);
        List<Ipld> items = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) {
          items.add(item(depth + 1));
        }
        return new Ipld.Seq(items);
      }
      case 5 -> {
        int n = length(5);
        TreeMap<String, Ipld> entries = new TreeMap<>(Ipld.KEY_ORDER);
        String previous = null;
        for (int i = 0; i < n; i++) {
          if (peekMajor() != 3) {
            throw malformed("DAG-CBOR map keys are strings");
          }
          String key = text(length(3));
          if (previous != null && Ipld.KEY_ORDER.compare(previous, key) >= 0) {
            throw malformed("map keys duplicated or not in DAG-CBOR order at \"" + key + "\"");
          }
          previous = key;
          entries.put(key, item(depth + 1));
        }
        return new Ipld.Dict(entries);
      }
      case 6 -> {
        long tag = head(6);
        if (tag != 42) {
          throw malformed("CBOR tag " + Long.toUnsignedString(tag) + " is not allowed in DAG-CBOR");
        }
        if (peekMajor() != 2) {
          throw malformed("tag 42 must wrap a byte string");
        }
        int n = length(2);
        if (n < 1 || data[position] != 0) {
          throw malformed("a tag-42 CID starts with the identity multibase prefix 0x00");
        }
        byte[] cid = new byte[n - 1];
        System.arraycopy(data, position + 1, cid, 0, n - 1);
        position += n;
        if (!Cid.isWellFormed(cid)) {
          throw malformed("tag 42 does not hold a CIDv1");
        }
        return new Ipld.Link(new Cid(Bytes.of(cid)));
      }
      default -> {
        return simple();
      }
    }
  }

  private Ipld simple() {
    int initial = data[position++] & 0xff;
    switch (initial) {
      case 0xf4 -> {
        return new Ipld.Bool(false);
      }
      case 0xf5 -> {
        return new Ipld.Bool(true);
      }
      case 0xf6 -> {
        return Ipld.NULL;
      }
      case 0xfb -> {
        if (data.length - position < 8) {
          throw malformed("truncated float");
        }
        long bits = 0;
        for (int i = 0; i < 8; i++) {
          bits = (bits << 8) | (data[position++] & 0xff);
        }
        double value = Double.longBitsToDouble(bits);
        if (!Double.isFinite(value)) {
          throw malformed("NaN and infinities are not DAG-CBOR");
        }
        return new Ipld.Real(value);
      }
      case 0xf9, 0xfa -> throw malformed("DAG-CBOR floats are always 64-bit");
      case 0xff -> throw malformed("break outside an indefinite-length item");
      default -> throw malformed(String.format("simple value 0x%02x is not DAG-CBOR", initial));
    }
  }

  private String text(int n) {
    try {
      String s = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(data, position, n))
          .toString();
      position += n;
      return s;
    } catch (CharacterCodingException e) {
      throw malformed("string is not valid UTF-8");
    }
  }

  private static void writeHead(int major, long argument, ByteArrayOutputStream out) {
    int m = major << 5;
    if (argument >= 0 && argument < 24) {
      out.write(m | (int) argument);
    } else if (argument >= 0 && argument <= 0xff) {
      out.write(m | 24);
      out.write((int) argument);
    } else if (argument >= 0 && argument <= 0xffff) {
      out.write(m | 25);
      out.write((int) (argument >>> 8));
      out.write((int) argument);
    } else if (argument >= 0 && argument <= 0xffffffffL) {
      out.write(m | 26);
      for (int shift = 24; shift >= 0; shift -= 8) {
        out.write((int) (argument >>> shift));
      }
    } else {
      out.write(m | 27);
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) (argument >>> shift));
      }
    }
  }

  private static void write(Ipld value, ByteArrayOutputStream out) {
    switch (value) {
      case Ipld.Null n -> out.write(0xf6);
      case Ipld.Bool b -> out.write(b.value() ? 0xf5 : 0xf4);
      case Ipld.Int i -> {
        if (i.value() >= 0) {
          writeHead(0, i.value(), out);
        } else {
          writeHead(1, -1 - i.value(), out);
        }
      }
      case Ipld.Real r -> {
        out.write(0xfb);
        long bits = Double.doubleToLongBits(r.value());
        for (int shift = 56; shift >= 0; shift -= 8) {
          out.write((int) (bits >>> shift));
        }
      }
      case Ipld.Text t -> {
        byte[] utf8 = t.value().getBytes(StandardCharsets.UTF_8);
        writeHead(3, utf8.length, out);
        out.writeBytes(utf8);
      }
      case Ipld.Blob b -> {
        writeHead(2, b.value().length(), out);
        out.writeBytes(b.value().toArray());
      }
      case Ipld.Seq s -> {
        writeHead(4, s.items().size(), out);
        for (Ipld item : s.items()) {
          write(item, out);
        }
      }
      case Ipld.Dict d -> {
        writeHead(5, d.entries().size(), out);
        for (Map.Entry<String, Ipld> e : d.entries().entrySet()) {
          write(new Ipld.Text(e.getKey()), out);
          write(e.getValue(), out);
        }
      }
      case Ipld.Link l -> {
        byte[] cid = l.cid().bytes().toArray();
        writeHead(6, 42, out);
        writeHead(2, cid.length + 1L, out);
        out.write(0);
        out.writeBytes(cid);
      }
    }
  }
}
