package org.walkaway.encryption;

import java.util.Objects;

/**
 * An X25519 prekey its owner uses for one handshake only, then deletes. Like Signal's, it is not
 * signed: a forged one cannot make a handshake succeed, because the signed prekey and the identity
 * key take part in the same key derivation; it can only make it fail.
 */
public record OneTimePrekey(long id, X25519PublicKey key) {
  public OneTimePrekey {
    Objects.requireNonNull(key, "key");
  }
}
