package org.walkaway.core.store;

import java.util.Objects;
import org.walkaway.core.Bytes;
import org.walkaway.core.LogKey;

/**
 * Proof that an author signed two different events at the same position of one log. Both headers are
 * kept exactly as received, so that anyone can check the signatures.
 */
public record ForkEvidence(LogKey log, long seqNum, Bytes kept, Bytes rejected) {
  public ForkEvidence {
    Objects.requireNonNull(log, "log");
    Objects.requireNonNull(kept, "kept");
    Objects.requireNonNull(rejected, "rejected");
  }
}
