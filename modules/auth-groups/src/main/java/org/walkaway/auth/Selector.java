package org.walkaway.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A policy selector, the jq-like path of the UCAN policy language: {@code .} (the arguments
 * themselves), {@code .field}, {@code .["any key"]}, {@code .[2]}, {@code .[-1]} (from the end), each
 * segment optionally followed by {@code ?}. A selector that does not resolve (missing key, index out
 * of range, wrong type) yields nothing, and the statement using it is false; with {@code ?} a
 * missing value reads as null instead.
 */
public record Selector(String text, List<Segment> segments) {

  /** One step of a selector. */
  public sealed interface Segment {
    boolean optional();
  }

  public record Field(String name, boolean optional) implements Segment {
    public Field {
      Objects.requireNonNull(name, "name");
    }
  }

  public record Index(int index, boolean optional) implements Segment {}

  public static final Selector IDENTITY = new Selector(".", List.of());

  public Selector {
    Objects.requireNonNull(text, "text");
    segments = List.copyOf(segments);
  }

  /** Parses a selector; IllegalArgumentException if it is not one. */
  public static Selector parse(String text) {
    if (text.isEmpty() || text.charAt(0) != '.') {
      throw new IllegalArgumentException("a selector starts with '.': " + text);
    }
    if (text.equals(".")) {
      return IDENTITY;
    }
    List<Segment> segments = new ArrayList<>();
    int i = 0;
    int n = text.length();
    while (i < n) {
      if (text.charAt(i) == '.' && i + 1 < n && text.charAt(i + 1) == '[') {
        i++; // ".[" : bracket form
      }
      char c = text.charAt(i);
      if (c == '.') {
        int start = ++i;
        while (i < n && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_' || text.charAt(i) == '-')) {
          i++;
        }
        if (i == start || Character.isDigit(text.charAt(start))) {
          throw new IllegalArgumentException("bad field name in selector: " + text);
        }
        String name = text.substring(start, i);
        boolean optional = i < n && text.charAt(i) == '?';
        if (optional) {
          i++;
        }
        segments.add(new Field(name, optional));
      } else if (c == '[') {
        int close;
        Segment segment;
        if (i + 1 < n && text.charAt(i + 1) == '"') {
          StringBuilder key = new StringBuilder();
          int j = i + 2;
          while (j < n && text.charAt(j) != '"') {
            if (text.charAt(j) == '\\' && j + 1 < n) {
              j++;
            }
            key.append(text.charAt(j));
            j++;
          }
          if (j + 1 >= n || text.charAt(j + 1) != ']') {
            throw new IllegalArgumentException("unterminated key in selector: " + text);
          }
          close = j + 1;
          segment = new Field(key.toString(), false);
        } else {
          close = text.indexOf(']', i);
          if (close < 0) {
            throw new IllegalArgumentException("unterminated index in selector: " + text);
          }
          String number = text.substring(i + 1, close);
          if (!number.matches("-?(0|[1-9][0-9]{0,8})")) {
            throw new IllegalArgumentException("unsupported index in selector (iterators and slices are not): " + text);
          }
          segment = new Index(Integer.parseInt(number), false);
        }
        i = close + 1;
        boolean optional = i < n && text.charAt(i) == '?';
        if (optional) {
          i++;
          segment = switch (segment) {
            case Field f -> new Field(f.name(), true);
            case Index x -> new Index(x.index(), true);
          };
        }
        segments.add(segment);
      } else {
        throw new IllegalArgumentException("unexpected '" + c + "' in selector: " + text);
      }
    }
    return new Selector(text, segments);
  }

  /** The selected value, or empty if the selector does not resolve against {@code subject}. */
  public Optional<Ipld> select(Ipld subject) {
    Ipld current = subject;
    for (Segment segment : segments) {
      Ipld next = switch (segment) {
        case Field f -> current instanceof Ipld.Dict d ? d.entries().get(f.name()) : null;
        case Index x -> {
          if (!(current instanceof Ipld.Seq s)) {
            yield null;
          }
          int at = x.index() < 0 ? s.items().size() + x.index() : x.index();
          yield at >= 0 && at < s.items().size() ? s.items().get(at) : null;
        }
      };
      if (next == null) {
        if (!segment.optional()) {
          return Optional.empty();
        }
        next = Ipld.NULL;
      }
      current = next;
    }
    return Optional.of(current);
  }

  @Override
  public String toString() {
    return text;
  }
}
