package org.walkaway.encryption;

import java.util.Objects;
import org.walkaway.core.PublicKey;
import org.walkaway.core.Signature;
import org.walkaway.core.SigningKey;
import org.walkaway.encryption.internal.Transcript;

/**
 * A peer's long-term X25519 key, bound to its Ed25519 identity by an Ed25519 signature.
 *
 * <p>Why not XEdDSA (Signal's way of signing with the X25519 key itself)? Every Walkaway peer already
 * has an Ed25519 identity and event-core's strict verifier; a separate X25519 key certified by that
 * identity needs no new signature scheme, keeps the two keys independent (no birational map between
 * a signing key and a DH key to reason about), and any Ed25519 implementation can check it. The cost
 * is 64 bytes in a bundle. XEdDSA would be needed only to interoperate with a peer that publishes
 * XEdDSA-signed bundles, such as p2panda-encryption; that is not a goal yet.
 */
public record IdentityBinding(PublicKey identity, X25519PublicKey dhKey, Signature signature) {
  static final String LABEL = "walkaway/encryption/identity-binding/v1";

  public IdentityBinding {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(dhKey, "dhKey");
    Objects.requireNonNull(signature, "signature");
  }

  /** Signs {@code dhKey} as {@code identity}'s long-term X25519 key. */
  public static IdentityBinding sign(SigningKey identity, X25519PublicKey dhKey) {
    return new IdentityBinding(identity.publicKey(), dhKey, identity.sign(signedBytes(identity.publicKey(), dhKey)));
  }

  /** True when the signature verifies (strict Ed25519) under {@link #identity()}. */
  public boolean verifies() {
    return identity.verify(signedBytes(identity, dhKey), signature);
  }

  private static byte[] signedBytes(PublicKey identity, X25519PublicKey dhKey) {
    return Transcript.of(LABEL).add(identity.bytes().toArray()).add(dhKey.bytes().toArray()).toByteArray();
  }
}
