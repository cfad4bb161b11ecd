package org.walkaway.encryption;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.walkaway.core.Bytes;
import org.walkaway.core.Verdict;
import org.walkaway.encryption.internal.Aead;
import org.walkaway.encryption.internal.Transcript;

/**
 * Seals an entity's data at rest under its own key (see {@link Vault}): version(1) || nonce(24) ||
 * XChaCha20-Poly1305(key, nonce, ad = entity id, data). Binding the entity id stops a stored
 * ciphertext from being swapped for another entity's.
 */
public final class EntityCipher {
  static final byte VERSION = 1;
  private static final String AD_LABEL = "walkaway/encryption/entity-ad/v1";

  private EntityCipher() {}

  public static Bytes seal(SymmetricKey key, Bytes entityId, byte[] data) {
    return seal(key, entityId, data, new SecureRandom());
  }

  public static Bytes seal(SymmetricKey key, Bytes entityId, byte[] data, RandomGenerator random) {
    Objects.requireNonNull(data, "data");
    byte[] nonce = new byte[24];
    random.nextBytes(nonce);
    byte[] ciphertext = Aead.XCHACHA20_POLY1305.seal(key.view(), nonce, ad(entityId), data);
    byte[] out = new byte[25 + ciphertext.length];
    out[0] = VERSION;
    System.arraycopy(nonce, 0, out, 1, 24);
    System.arraycopy(ciphertext, 0, out, 25, ciphertext.length);
    return Bytes.of(out);
  }

  public static Verdict<byte[]> open(SymmetricKey key, Bytes entityId, Bytes sealed) {
    byte[] bytes = sealed.toArray();
    if (bytes.length < 25 + Aead.TAG_LENGTH || bytes[0] != VERSION) {
      return Verdict.rejected(EncryptionFailure.MALFORMED.rejection("not sealed entity data of version " + VERSION));
    }
    Optional<byte[]> data = Aead.XCHACHA20_POLY1305.open(key.view(), Arrays.copyOfRange(bytes, 1, 25), ad(entityId),
        Arrays.copyOfRange(bytes, 25, bytes.length));
    return data.<Verdict<byte[]>>map(Verdict::accepted).orElseGet(() ->
        Verdict.rejected(EncryptionFailure.AUTHENTICATION_FAILED.rejection("entity data does not open for " + entityId.toHex())));
  }

  private static byte[] ad(Bytes entityId) {
    return Transcript.of(AD_LABEL).add(entityId.toArray()).toByteArray();
  }
}
