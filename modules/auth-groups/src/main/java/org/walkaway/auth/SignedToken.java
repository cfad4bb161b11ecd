package org.walkaway.auth;

import org.walkaway.core.Bytes;

/**
 * A signed UCAN token: a {@link Delegation} or an {@link Invocation}. The envelope accessors are
 * defined once, here; each token type reads its own payload.
 */
public sealed interface SignedToken permits Delegation, Invocation {
  /** The signed wrapper, as read from the token's bytes. */
  Envelope envelope();

  /** {@code iss}: who signed the token. */
  Did issuer();

  default UcanVersion version() {
    return envelope().version();
  }

  default Bytes signature() {
    return envelope().signature();
  }

  /** The envelope bytes exactly as signed and addressed. */
  default Bytes token() {
    return envelope().token();
  }

  /** The CIDv1 (dag-cbor, sha2-256) of {@link #token()}. */
  default Cid cid() {
    return envelope().cid();
  }

  /** Strict Ed25519 verification of the envelope signature by {@link #issuer()}. */
  default boolean hasValidSignature() {
    return envelope().isSignedBy(issuer());
  }
}
