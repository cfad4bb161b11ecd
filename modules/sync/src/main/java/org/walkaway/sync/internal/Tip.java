package org.walkaway.sync.internal;

import java.util.Objects;
import org.walkaway.core.PublicKey;

/**
 * What a peer holds of one author's log in the topic: the events {@code prunePoint..height}. A log
 * is append-only and gap-free above its prune point, so these two numbers describe it completely.
 */
public record Tip(PublicKey author, long height, long prunePoint) implements Comparable<Tip> {
  public Tip {
    Objects.requireNonNull(author, "author");
    if (height < 0 || prunePoint < 0 || prunePoint > height) {
      throw new IllegalArgumentException("need 0 <= prunePoint <= height, got " + prunePoint + ", " + height);
    }
  }

  @Override
  public int compareTo(Tip other) {
    return author.compareTo(other.author);
  }
}
