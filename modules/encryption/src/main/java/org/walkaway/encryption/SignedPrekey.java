package org.walkaway.encryption;

import java.time.Instant;
import java.util.Objects;
import org.walkaway.core.PublicKey;
import org.walkaway.core.Signature;
import org.walkaway.core.SigningKey;
import org.walkaway.encryption.internal.Transcript;

/**
 * A medium-term X25519 prekey, valid from {@code notBefore} (inclusive) to {@code notAfter}
 * (exclusive), signed by the owner's Ed25519 identity. The owner rotates it; senders refuse it
 * outside its lifetime.
 */
public record SignedPrekey(long id, X25519PublicKey key, Instant notBefore, Instant notAfter, Signature signature) {
  static final String LABEL = "walkaway/encryption/signed-prekey/v1";

  public SignedPrekey {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(notBefore, "notBefore");
    Objects.requireNonNull(notAfter, "notAfter");
    Objects.requireNonNull(signature, "signature");
    if (!notAfter.isAfter(notBefore)) {
      throw new IllegalArgumentException("a prekey's lifetime must not be empty: " + notBefore + " .. " + notAfter);
    }
  }

  public static SignedPrekey sign(SigningKey identity, long id, X25519PublicKey key, Instant notBefore, Instant notAfter) {
    Signature signature = identity.sign(signedBytes(identity.publicKey(), id, key, notBefore, notAfter));
    return new SignedPrekey(id, key, notBefore, notAfter, signature);
  }

  public boolean verifies(PublicKey identity) {
    return identity.verify(signedBytes(identity, id, key, notBefore, notAfter), signature);
  }

  public boolean isValidAt(Instant now) {
    return !now.isBefore(notBefore) && now.isBefore(notAfter);
  }

  private static byte[] signedBytes(PublicKey identity, long id, X25519PublicKey key, Instant notBefore, Instant notAfter) {
    return Transcript.of(LABEL)
        .add(identity.bytes().toArray())
        .add(id)
        .add(key.bytes().toArray())
        .add(notBefore.getEpochSecond())
        .add(notBefore.getNano())
        .add(notAfter.getEpochSecond())
        .add(notAfter.getNano())
        .toByteArray();
  }
}
