package org.walkaway.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A signed event header, field for field as in p2panda-core 0.7's operation header.
 *
 * <p>The constructor enforces the presence rules (a payload hash if and only if the payload size is
 * not 0; a backlink if and only if the sequence number is not 0), so a {@code Header} always has a
 * well-formed shape. Whether its signature is valid is decided when it is decoded
 * ({@link EventCodec#decode}) or built ({@link EventBuilder}).
 *
 * @param version format version, 1
 * @param author the Ed25519 public key of the author
 * @param signature the author's signature over the header without this field
 * @param payloadSize the body's length in bytes, 0 to 2^32-1
 * @param payloadHash BLAKE3 of the body, present iff {@code payloadSize > 0}
 * @param seqNum position in the author's log, 0 to 2^32-1
 * @param backlink the id of the previous event in the same log, present iff {@code seqNum > 0}
 * @param extensions application-defined fields; Walkaway's layout carries the log id and more
 */
public record Header(
    int version,
    PublicKey author,
    Signature signature,
    long payloadSize,
    Optional<Hash> payloadHash,
    long seqNum,
    Optional<Hash> backlink,
    Optional<Extensions> extensions) {

  public static final int VERSION = 1;
  public static final long MAX_U32 = 0xFFFF_FFFFL;

  public Header {
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(payloadHash, "payloadHash");
    Objects.requireNonNull(backlink, "backlink");
    Objects.requireNonNull(extensions, "extensions");
    if (version != VERSION) {
      throw new IllegalArgumentException("header version must be 1, got " + version);
    }
    if (payloadSize < 0 || payloadSize > MAX_U32) {
      throw new IllegalArgumentException("payload size must be in 0..2^32-1, got " + payloadSize);
    }
    if (seqNum < 0 || seqNum > MAX_U32) {
      throw new IllegalArgumentException("sequence number must be in 0..2^32-1, got " + seqNum);
    }
    if (payloadHash.isPresent() != (payloadSize > 0)) {
      throw new IllegalArgumentException("a payload hash is present if and only if the payload size is > 0");
    }
    if (backlink.isPresent() != (seqNum > 0)) {
      throw new IllegalArgumentException("a backlink is present if and only if the sequence number is > 0");
    }
  }

  /** The log this event belongs to: the extensions' log id, else {@link LogId#DEFAULT}. */
  public LogId logId() {
    return extensions.flatMap(Extensions::logId).orElse(LogId.DEFAULT);
  }

  public LogKey logKey() {
    return new LogKey(author, logId());
  }

  /** True if the extensions carry the prune flag: earlier events of this log may be deleted. */
  public boolean prune() {
    return extensions.map(Extensions::prune).orElse(false);
  }

  /** Causal dependencies in other logs (the extensions' {@code previous}), ascending. */
  public List<Hash> previous() {
    return extensions.map(Extensions::previous).orElse(List.of());
  }
}
