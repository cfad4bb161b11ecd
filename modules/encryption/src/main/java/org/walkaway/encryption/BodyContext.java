package org.walkaway.encryption;

import java.util.Objects;
import org.walkaway.core.LogId;
import org.walkaway.core.PublicKey;

/**
 * The header fields a sealed event body is bound to: the body opens only in an event with the same
 * author, log and sequence number, under the key named {@code keyId}. Moving a ciphertext to another
 * event (or claiming another key id) makes it fail to open.
 */
public record BodyContext(PublicKey author, LogId logId, long seqNum, KeyId keyId) {
  public BodyContext {
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(logId, "logId");
    Objects.requireNonNull(keyId, "keyId");
    if (seqNum < 0) {
      throw new IllegalArgumentException("seqNum must not be negative: " + seqNum);
    }
  }
}
