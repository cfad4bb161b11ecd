package org.walkaway.core.state;

import java.util.Objects;

/**
 * The name of one independent key space in a {@link StateStore}: the same key in two namespaces is
 * two records. Each user of a store takes its own namespace (an orderer {@code "ordering"}, a stream's
 * cursors {@code "cursors"}), so that several users can share one store, and one file, without
 * agreeing on anything but their names.
 *
 * @param name 1 to 64 characters from {@code a-z 0-9 . _ -}: a short, stable identifier that reads
 *     the same in every language and every database
 */
public record Namespace(String name) implements Comparable<Namespace> {
  public static final int MAX_LENGTH = 64;

  public Namespace {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty() || name.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "a namespace has 1 to " + MAX_LENGTH + " characters, got " + name.length());
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
      if (!allowed) {
        throw new IllegalArgumentException(
            "a namespace uses only a-z 0-9 . _ -; \"" + name + "\" has '" + c + "' at " + i);
      }
    }
  }

  public static Namespace of(String name) {
    return new Namespace(name);
  }

  @Override
  public int compareTo(Namespace other) {
    return name.compareTo(other.name);
  }

  @Override
  public String toString() {
    return name;
  }
}
