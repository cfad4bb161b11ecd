package org.walkaway.core;

import java.util.Objects;

/**
 * Why an input was refused: what a peer can cause (bad bytes, a forged signature, a fork) is a value,
 * not an exception. {@link #reason()} is stable and machine-readable (conformance vectors name it);
 * {@link #message()} says, for a human, what exactly was wrong.
 */
public record Rejection(Reason reason, String message) {
  public Rejection {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }

  public static Rejection of(Reason reason, String message) {
    return new Rejection(reason, message);
  }

  @Override
  public String toString() {
    return reason + ": " + message;
  }

  /** The stable reason codes. New codes may be added; existing ones keep their meaning. */
  public enum Reason {
    /** Not well-formed CBOR, truncated, trailing bytes, a wrong element type or count. */
    MALFORMED,
    /** Well-formed but not canonical: a non-shortest integer, an indefinite length, unsorted or duplicate map keys, a tag or a float. */
    NON_CANONICAL,
    /** A configured bound was exceeded: header size, nesting depth, item count, payload size. */
    LIMIT_EXCEEDED,
    /** A header or extensions layout version this implementation does not know. */
    UNSUPPORTED_VERSION,
    /** A field has the wrong length or breaks a presence rule (hash iff size > 0, backlink iff seq > 0). */
    INVALID_FIELD,
    /** The extensions are in Walkaway's layout but one of its fields is wrong. */
    INVALID_EXTENSIONS,
    /** The signature does not verify under the author's key (strict Ed25519). */
    BAD_SIGNATURE,
    /** The body's length or BLAKE3 hash differs from what the header says. */
    PAYLOAD_MISMATCH,
    /** The event does not continue its log: another author or log, or a sequence number that is not one more. */
    LOG_MISMATCH,
    /** The backlink is not the id of the previous event in the same log. */
    BACKLINK_MISMATCH,
    /** The previous event of the log is not known yet (and this event does not prune the log). */
    MISSING_PREDECESSOR,
    /** A second, different event at a position of a log that is already taken: equivocation. */
    FORK,
    /** The event lies in a prefix of its log that was pruned. */
    PRUNED,
    /** Refused by a processor for a reason of its own (auth, ordering, decryption...). */
    REFUSED
  }
}
