package org.walkaway.encryption;

import java.util.Objects;
import org.walkaway.core.Bytes;

/**
 * What a {@link Vault} stores in the clear: the Argon2id settings and salt, and a verifier (a
 * one-way commitment to the master key, HKDF-derived) that tells a wrong passphrase from a right one
 * without decrypting anything. It reveals nothing that helps guessing beyond what Argon2id allows.
 */
public record VaultHeader(Argon2Settings settings, Bytes salt, Bytes verifier) {
  public static final int SALT_LENGTH = 16;
  public static final int VERIFIER_LENGTH = 32;

  public VaultHeader {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(salt, "salt");
    Objects.requireNonNull(verifier, "verifier");
    if (salt.length() != SALT_LENGTH || verifier.length() != VERIFIER_LENGTH) {
      throw new IllegalArgumentException("salt is 16 bytes and verifier 32, got " + salt.length() + " and " + verifier.length());
    }
  }
}
