package org.walkaway.auth;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A deliberately non-canonical CBOR writer, to check that the strict decoder refuses each defect. */
final class LooseCbor {
  enum Mode { REVERSED_KEYS, LONG_INTEGERS, INDEFINITE_LENGTHS, FLOAT32 }

  private LooseCbor() {}

  static byte[] encode(Ipld value, Mode mode) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(value, mode, out);
    return out.toByteArray();
  }

  private static void head(int major, long n, Mode mode, ByteArrayOutputStream out) {
    if (mode == Mode.LONG_INTEGERS) {
      out.write((major << 5) | 27);
      for (int shift = 56; shift >= 0; shift -= 8) {
        out.write((int) (n >>> shift));
      }
    } else if (n < 24) {
      out.write((major << 5) | (int) n);
    } else if (n < 256) {
      out.write((major << 5) | 24);
      out.write((int) n);
    } else {
      out.write((major << 5) | 25);
      out.write((int) (n >>> 8));
      out.write((int) n);
    }
  }

  private static void write(Ipld value, Mode mode, ByteArrayOutputStream out) {
    boolean indefinite = mode == Mode.INDEFINITE_LENGTHS;
    switch (value) {
      case Ipld.Null n -> out.write(0xf6);
      case Ipld.Bool b -> out.write(b.value() ? 0xf5 : 0xf4);
      case Ipld.Int i -> head(i.value() >= 0 ? 0 : 1, i.value() >= 0 ? i.value() : -1 - i.value(), mode, out);
      case Ipld.Real r -> {
        if (mode == Mode.FLOAT32) {
          out.write(0xfa);
          int bits = Float.floatToIntBits((float) r.value());
          for (int shift = 24; shift >= 0; shift -= 8) {
            out.write(bits >>> shift);
          }
        } else {
          out.write(0xfb);
          long bits = Double.doubleToLongBits(r.value());
          for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (bits >>> shift));
          }
        }
      }
      case Ipld.Text t -> {
        byte[] utf8 = t.value().getBytes(StandardCharsets.UTF_8);
        if (indefinite) {
          out.write(0x7f);
          head(3, utf8.length, mode, out);
          out.writeBytes(utf8);
          out.write(0xff);
        } else {
          head(3, utf8.length, mode, out);
          out.writeBytes(utf8);
        }
      }
      case Ipld.Blob b -> {
        head(2, b.value().length(), mode, out);
        out.writeBytes(b.value().toArray());
      }
      case Ipld.Seq s -> {
        if (indefinite) {
          out.write(0x9f);
        } else {
          head(4, s.items().size(), mode, out);
        }
        s.items().forEach(item -> write(item, mode, out));
        if (indefinite) {
          out.write(0xff);
        }
      }
      case Ipld.Dict d -> {
        List<Map.Entry<String, Ipld>> entries = new ArrayList<>(d.entries().entrySet());
        if (mode == Mode.REVERSED_KEYS) {
          java.util.Collections.reverse(entries);
        }
        if (indefinite) {
          out.write(0xbf);
        } else {
          head(5, entries.size(), mode, out);
        }
        for (Map.Entry<String, Ipld> e : entries) {
          write(new Ipld.Text(e.getKey()), mode, out);
          write(e.getValue(), mode, out);
        }
        if (indefinite) {
          out.write(0xff);
        }
      }
      case Ipld.Link l -> {
        byte[] cid = l.cid().bytes().toArray();
        head(6, 42, mode, out);
        head(2, cid.length + 1L, mode, out);
        out.write(0);
        out.writeBytes(cid);
      }
    }
  }
}
