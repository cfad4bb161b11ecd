package org.walkaway.encryption;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.walkaway.core.Bytes;
import org.walkaway.core.Verdict;
import org.walkaway.encryption.internal.Aead;
import org.walkaway.encryption.internal.Hkdf;
import org.walkaway.encryption.internal.Transcript;

/**
 * Seals and opens event bodies: XChaCha20-Poly1305 with a random 24-byte nonce, bound to the event's
 * header fields ({@link BodyContext}) as associated data, and key-committing.
 *
 * <pre>
 *   sealed = version(1) || nonce(24) || commitment(32) || ciphertext || tag(16)
 *   commitment || subkey = HKDF-SHA256(salt = nonce, ikm = key, info = LABEL, 64 bytes)
 *   ciphertext || tag    = XChaCha20-Poly1305(subkey, nonce, ad = transcript(version, author, log id, seq, key id), body)
 * </pre>
 *
 * <p>Why key commitment: Poly1305 is not collision resistant in its key, so with a plain AEAD an
 * attacker who knows two keys can build one ciphertext that opens under both, to different plaintexts
 * (the "invisible salamanders" and partitioning-oracle attacks). In a group, a member could show
 * different members different content under one event id. The fix is the "CommitKey" construction
 * (Bellare and Hoang, "Efficient schemes for committing authenticated encryption", 2022; the same idea
 * as the padding/commitment fix of Albertini et al., USENIX Security 2022): derive from the key both a
 * commitment and the encryption subkey with a PRF that is collision resistant (HKDF-SHA256, i.e.
 * HMAC-SHA256), send the commitment, and compare it in constant time before decrypting. Two keys that
 * give the same commitment would be an HMAC-SHA256 collision. Mixing the nonce in also gives every
 * message its own subkey.
 *
 * <p>Random 24-byte nonces make collisions negligible (2^-96 after 2^48 messages under one key), so
 * no counter has to survive restarts or be coordinated between devices.
 */
public final class BodyCipher {
  static final byte VERSION = 1;
  static final int NONCE_LENGTH = 24;
  static final int COMMITMENT_LENGTH = 32;
  static final int OVERHEAD = 1 + NONCE_LENGTH + COMMITMENT_LENGTH + Aead.TAG_LENGTH;
  private static final byte[] KDF_LABEL = "walkaway/encryption/body/v1 commit+subkey".getBytes(StandardCharsets.US_ASCII);
  private static final String AD_LABEL = "walkaway/encryption/body-ad/v1";

  private BodyCipher() {}

  /** Seals {@code body} with a nonce from a new {@link SecureRandom}. */
  public static Bytes seal(SymmetricKey key, BodyContext context, byte[] body) {
    return seal(key, context, body, new SecureRandom());
  }

  /** Seals {@code body}; the nonce comes from {@code random}, which must be a CSPRNG outside tests. */
  public static Bytes seal(SymmetricKey key, BodyContext context, byte[] body, RandomGenerator random) {
    Objects.requireNonNull(body, "body");
    byte[] nonce = new byte[NONCE_LENGTH];
    random.nextBytes(nonce);
    byte[] derived = derive(key, nonce);
    try {
      byte[] ciphertext = Aead.XCHACHA20_POLY1305.seal(
          Arrays.copyOfRange(derived, COMMITMENT_LENGTH, 64), nonce, associatedData(context), body);
      byte[] out = new byte[1 + NONCE_LENGTH + COMMITMENT_LENGTH + ciphertext.length];
      out[0] = VERSION;
      System.arraycopy(nonce, 0, out, 1, NONCE_LENGTH);
      System.arraycopy(derived, 0, out, 1 + NONCE_LENGTH, COMMITMENT_LENGTH);
      System.arraycopy(ciphertext, 0, out, 1 + NONCE_LENGTH + COMMITMENT_LENGTH, ciphertext.length);
      return Bytes.of(out);
    } finally {
      Arrays.fill(derived, (byte) 0);
    }
  }

  /**
   * Opens a sealed body: {@link EncryptionFailure#MALFORMED} for bytes of the wrong shape,
   * {@link EncryptionFailure#KEY_COMMITMENT_MISMATCH} when it was sealed under another key (checked
   * in constant time, before decrypting), {@link EncryptionFailure#AUTHENTICATION_FAILED} when
   * anything else (ciphertext, nonce, header fields) was changed.
   */
  public static Verdict<byte[]> open(SymmetricKey key, BodyContext context, Bytes sealed) {
    Objects.requireNonNull(sealed, "sealed");
    if (sealed.length() < OVERHEAD) {
      return Verdict.rejected(EncryptionFailure.MALFORMED.rejection("a sealed body has at least " + OVERHEAD + " bytes, got " + sealed.length()));
    }
    if (sealed.get(0) != VERSION) {
      return Verdict.rejected(EncryptionFailure.MALFORMED.rejection("unknown sealed-body version " + sealed.get(0)));
    }
    byte[] bytes = sealed.toArray();
    byte[] nonce = Arrays.copyOfRange(bytes, 1, 1 + NONCE_LENGTH);
    byte[] commitment = Arrays.copyOfRange(bytes, 1 + NONCE_LENGTH, 1 + NONCE_LENGTH + COMMITMENT_LENGTH);
    byte[] derived = derive(key, nonce);
    try {
      if (!MessageDigest.isEqual(commitment, Arrays.copyOf(derived, COMMITMENT_LENGTH))) {
        return Verdict.rejected(EncryptionFailure.KEY_COMMITMENT_MISMATCH.rejection("sealed under another key than " + context.keyId()));
      }
      Optional<byte[]> body = Aead.XCHACHA20_POLY1305.open(Arrays.copyOfRange(derived, COMMITMENT_LENGTH, 64), nonce,
          associatedData(context), Arrays.copyOfRange(bytes, 1 + NONCE_LENGTH + COMMITMENT_LENGTH, bytes.length));
      return body.<Verdict<byte[]>>map(Verdict::accepted).orElseGet(() -> Verdict.rejected(
          EncryptionFailure.AUTHENTICATION_FAILED.rejection("the body does not open for " + context)));
    } finally {
      Arrays.fill(derived, (byte) 0);
    }
  }

  static byte[] derive(SymmetricKey key, byte[] nonce) {
    return Hkdf.derive(nonce, key.view(), KDF_LABEL, COMMITMENT_LENGTH + Aead.KEY_LENGTH);
  }

  static byte[] associatedData(BodyContext context) {
    return Transcript.of(AD_LABEL)
        .add(new byte[] {VERSION})
        .add(context.author().bytes().toArray())
        .add(context.logId().bytes().toArray())
        .add(context.seqNum())
        .add(context.keyId().bytes().toArray())
        .toByteArray();
  }
}
