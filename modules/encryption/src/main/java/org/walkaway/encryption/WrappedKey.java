package org.walkaway.encryption;

import java.util.Objects;
import org.walkaway.core.Bytes;

/**
 * An entity key sealed under a {@link Vault}'s master key: safe to store next to the data. The bytes
 * are version(1) || nonce(24) || XChaCha20-Poly1305(master key, nonce, ad = entity id, key).
 */
public record WrappedKey(Bytes bytes) {
  public WrappedKey {
    Objects.requireNonNull(bytes, "bytes");
  }
}
