package org.walkaway.encryption.internal;

import java.util.Optional;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.modes.XChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * ChaCha20-Poly1305 (RFC 8439) and XChaCha20-Poly1305 (draft-irtf-cfrg-xchacha) through Bouncy
 * Castle's {@code modes} classes. A new cipher object per call: Bouncy Castle refuses to re-initialise
 * one with the same key and nonce for encryption, and the objects are cheap.
 */
public enum Aead {
  CHACHA20_POLY1305(12),
  XCHACHA20_POLY1305(24);

  public static final int KEY_LENGTH = 32;
  public static final int TAG_LENGTH = 16;

  private final int nonceLength;

  Aead(int nonceLength) {
    this.nonceLength = nonceLength;
  }

  public int nonceLength() {
    return nonceLength;
  }

  /** Ciphertext followed by the 16-byte tag. */
  public byte[] seal(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext) {
    ChaCha20Poly1305 cipher = init(true, key, nonce, aad);
    byte[] out = new byte[cipher.getOutputSize(plaintext.length)];
    int n = cipher.processBytes(plaintext, 0, plaintext.length, out, 0);
    try {
      cipher.doFinal(out, n);
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException("sealing cannot fail", e);
    }
    return out;
  }

  /** The plaintext, or empty when the tag does not verify (wrong key, nonce, data or ciphertext). */
  public Optional<byte[]> open(byte[] key, byte[] nonce, byte[] aad, byte[] ciphertextAndTag) {
    ChaCha20Poly1305 cipher = init(false, key, nonce, aad);
    if (ciphertextAndTag.length < TAG_LENGTH) {
      return Optional.empty();
    }
    byte[] out = new byte[cipher.getOutputSize(ciphertextAndTag.length)];
    int n = cipher.processBytes(ciphertextAndTag, 0, ciphertextAndTag.length, out, 0);
    try {
      cipher.doFinal(out, n);
      return Optional.of(out);
    } catch (InvalidCipherTextException e) {
      java.util.Arrays.fill(out, (byte) 0);
      return Optional.empty();
    }
  }

  private ChaCha20Poly1305 init(boolean encrypt, byte[] key, byte[] nonce, byte[] aad) {
    if (key.length != KEY_LENGTH) {
      throw new IllegalArgumentException(this + " takes a 32-byte key, got " + key.length);
    }
    if (nonce.length != nonceLength) {
      throw new IllegalArgumentException(this + " takes a " + nonceLength + "-byte nonce, got " + nonce.length);
    }
    ChaCha20Poly1305 cipher = this == CHACHA20_POLY1305 ? new ChaCha20Poly1305() : new XChaCha20Poly1305();
    cipher.init(encrypt, new AEADParameters(new KeyParameter(key), TAG_LENGTH * 8, nonce, aad));
    return cipher;
  }
}
