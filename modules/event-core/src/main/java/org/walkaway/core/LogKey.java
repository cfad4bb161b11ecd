package org.walkaway.core;

import java.util.Comparator;
import java.util.Objects;

/** One log: an author and a log id. */
public record LogKey(PublicKey author, LogId logId) implements Comparable<LogKey> {
  private static final Comparator<LogKey> ORDER =
      Comparator.comparing(LogKey::author).thenComparing(LogKey::logId);

  public LogKey {
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(logId, "logId");
  }

  @Override
  public int compareTo(LogKey other) {
    return ORDER.compare(this, other);
  }
}
