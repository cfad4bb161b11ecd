package org.walkaway.encryption;

import java.util.Optional;
import org.walkaway.core.Rejection;

/**
 * Why something a peer sent could not be decrypted or verified. Each failure becomes an event-core
 * {@link Rejection} (so it flows through a pipeline like any other refusal) whose message starts with
 * the failure's name; {@link #of(Rejection)} reads it back.
 */
public enum EncryptionFailure {
  /** Bytes that do not parse, or a field of the wrong length. */
  MALFORMED(Rejection.Reason.MALFORMED),
  /** X25519 gave the all-zero shared secret: the peer's public key is a low-order point. */
  LOW_ORDER_POINT(Rejection.Reason.REFUSED),
  /** A key bundle's Ed25519 signature does not verify under the claimed identity. */
  BAD_SIGNATURE(Rejection.Reason.BAD_SIGNATURE),
  /** A signed prekey used outside its lifetime. */
  EXPIRED(Rejection.Reason.REFUSED),
  /** A message names a prekey this peer does not hold (never had it, or a one-time prekey already used). */
  UNKNOWN_PREKEY(Rejection.Reason.REFUSED),
  /** A ciphertext names a key (by its {@link KeyId}) that this peer does not hold (yet). */
  UNKNOWN_KEY(Rejection.Reason.REFUSED),
  /** A message that was already received. */
  REPLAYED(Rejection.Reason.REFUSED),
  /** The key commitment does not match: the ciphertext was made under another key. */
  KEY_COMMITMENT_MISMATCH(Rejection.Reason.REFUSED),
  /** The AEAD tag does not verify: wrong key, or tampered ciphertext, nonce or associated data. */
  AUTHENTICATION_FAILED(Rejection.Reason.REFUSED),
  /**
   * A ratchet message numbered further ahead of the receiver's chain than
   * {@link RatchetLimits#maximumForwardDistance()} allows: deriving that many keys is refused.
   */
  BEYOND_FORWARD_DISTANCE(Rejection.Reason.REFUSED),
  /**
   * A decryptor's buffer of events waiting for their key was full, so this event was dropped from it
   * (see {@link GroupDecryptor} for which one goes); sync can bring it again later.
   */
  HOLD_BUFFER_FULL(Rejection.Reason.LIMIT_EXCEEDED);

  private final Rejection.Reason reason;

  EncryptionFailure(Rejection.Reason reason) {
    this.reason = reason;
  }

  /** The event-core reason this failure maps to. */
  public Rejection.Reason reason() {
    return reason;
  }

  /** A rejection for this failure with a human explanation. */
  public Rejection rejection(String detail) {
    return Rejection.of(reason, name() + ": " + detail);
  }

  /** The failure a rejection made by {@link #rejection(String)} stands for. */
  public static Optional<EncryptionFailure> of(Rejection rejection) {
    for (EncryptionFailure failure : values()) {
      if (rejection.reason() == failure.reason && rejection.message().startsWith(failure.name() + ": ")) {
        return Optional.of(failure);
      }
    }
    return Optional.empty();
  }
}
