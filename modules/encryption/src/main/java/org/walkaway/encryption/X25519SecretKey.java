package org.walkaway.encryption;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;
import javax.security.auth.Destroyable;
import org.walkaway.core.InsecureSecretAccess;
import org.walkaway.core.Verdict;
import org.walkaway.encryption.internal.Dh;
import org.walkaway.encryption.internal.SecretBytes;

/**
 * An X25519 private key and its public key. Not a record: redacted {@code toString}, constant-time
 * {@code equals}, zeroed by {@link #destroy()}.
 *
 * <p>{@link #agree} refuses an all-zero shared secret. RFC 7748 §6.1 lets an implementation check
 * for it; we always do, because an all-zero secret means the peer chose a low-order point and the
 * "shared" secret is known to everyone. Wycheproof marks these cases "acceptable"; our policy is to
 * reject them, as {@link EncryptionFailure#LOW_ORDER_POINT}.
 */
public final class X25519SecretKey implements Destroyable {
  private final SecretBytes secret;
  private final X25519PublicKey publicKey;

  private X25519SecretKey(byte[] bytes) {
    this.secret = SecretBytes.adopt(bytes);
    this.publicKey = X25519PublicKey.of(Dh.publicKey(bytes));
  }

  public static X25519SecretKey generate() {
    return generate(new SecureRandom());
  }

  /** A fresh key from {@code random}; pass a {@link SecureRandom} outside tests. */
  public static X25519SecretKey generate(RandomGenerator random) {
    return new X25519SecretKey(Dh.generatePrivateKey(random));
  }

  /** A key from its 32 private bytes (copied); Bouncy Castle clamps them when it multiplies. */
  public static X25519SecretKey fromBytes(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length != Dh.KEY_LENGTH) {
      throw new IllegalArgumentException("an X25519 private key is 32 bytes, got " + bytes.length);
    }
    return new X25519SecretKey(bytes.clone());
  }

  public X25519PublicKey publicKey() {
    return publicKey;
  }

  /**
   * X25519 with the peer's public key, as a 32-byte secret; rejected as
   * {@link EncryptionFailure#LOW_ORDER_POINT} when it is all zero.
   */
  public Verdict<SymmetricKey> agree(X25519PublicKey peer) {
    Objects.requireNonNull(peer, "peer");
    byte[] out = new byte[Dh.KEY_LENGTH];
    if (!Dh.agree(secret.unsafeView(), peer.bytes().toArray(), out)) {
      Arrays.fill(out, (byte) 0);
      return Verdict.rejected(
          EncryptionFailure.LOW_ORDER_POINT.rejection("X25519 with " + peer.toHex() + " gives the all-zero secret"));
    }
    return Verdict.accepted(SymmetricKey.adopt(out));
  }

  /** A copy of the private bytes; the caller owns it and should zero it after use. */
  public byte[] bytes(InsecureSecretAccess access) {
    Objects.requireNonNull(access, "access");
    return secret.copy();
  }

  byte[] view() {
    return secret.unsafeView();
  }

  @Override
  public void destroy() {
    secret.destroy();
  }

  @Override
  public boolean isDestroyed() {
    return secret.isDestroyed();
  }

  /** Equal when the private bytes are (constant time); a destroyed key equals only itself. */
  @Override
  public boolean equals(Object o) {
    return o instanceof X25519SecretKey other && secret.sameAs(other.secret);
  }

  @Override
  public int hashCode() {
    return publicKey.hashCode();
  }

  @Override
  public String toString() {
    return "X25519SecretKey[publicKey=" + publicKey.toHex() + ", secret=<redacted>]";
  }
}
