package org.walkaway.encryption.internal;

import java.util.random.RandomGenerator;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * X25519 (RFC 7748) through Bouncy Castle's {@code rfc7748.X25519}; nothing here computes on the
 * curve itself. Bouncy Castle clamps the scalar as RFC 7748 §5 requires, so any 32 random bytes are
 * a private key.
 */
public final class Dh {
  public static final int KEY_LENGTH = 32;

  private Dh() {}

  /** 32 random bytes from {@code random}: an X25519 private key. */
  public static byte[] generatePrivateKey(RandomGenerator random) {
    byte[] scalar = new byte[KEY_LENGTH];
    random.nextBytes(scalar);
    return scalar;
  }

  public static byte[] publicKey(byte[] privateKey) {
    checkLength(privateKey, "private key");
    byte[] publicKey = new byte[KEY_LENGTH];
    X25519.generatePublicKey(privateKey, 0, publicKey, 0);
    return publicKey;
  }

  /**
   * Writes X25519(privateKey, publicKey) into {@code out} and tells whether it may be used: false when
   * it is all zero, which happens exactly when the peer's point has small order (RFC 7748 §6.1 allows
   * the check; we make it mandatory). The caller must then discard {@code out}.
   */
  public static boolean agree(byte[] privateKey, byte[] publicKey, byte[] out) {
    checkLength(privateKey, "private key");
    checkLength(publicKey, "public key");
    checkLength(out, "output");
    return X25519.calculateAgreement(privateKey, 0, publicKey, 0, out, 0);
  }

  private static void checkLength(byte[] key, String what) {
    if (key.length != KEY_LENGTH) {
      throw new IllegalArgumentException("an X25519 " + what + " is 32 bytes, got " + key.length);
    }
  }
}
