package org.walkaway.encryption;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * What an X3DH initiator sends in the clear with its first message: its identity binding, its
 * ephemeral key, and which of the responder's prekeys it used (the responder uses exactly those).
 */
public record X3dhHeader(
    IdentityBinding initiator, X25519PublicKey ephemeralKey, long signedPrekeyId, OptionalLong oneTimePrekeyId) {
  public X3dhHeader {
    Objects.requireNonNull(initiator, "initiator");
    Objects.requireNonNull(ephemeralKey, "ephemeralKey");
    Objects.requireNonNull(oneTimePrekeyId, "oneTimePrekeyId");
  }
}
