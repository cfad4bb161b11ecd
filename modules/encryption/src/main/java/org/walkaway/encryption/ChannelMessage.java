package org.walkaway.encryption;

import java.util.Objects;
import org.walkaway.core.Bytes;

/** A message of a {@link SecureChannel}: the X3DH-keyed first one, or an HPKE-sealed later one. */
public sealed interface ChannelMessage permits ChannelMessage.Initial, ChannelMessage.Regular {

  /**
   * The first message: the X3DH header, the key the initiator will receive on next
   * ({@code nextKey}), and the first payload sealed under the X3DH key.
   */
  record Initial(X3dhHeader header, X25519PublicKey nextKey, Bytes ciphertext) implements ChannelMessage {
    public Initial {
      Objects.requireNonNull(header, "header");
      Objects.requireNonNull(nextKey, "nextKey");
      Objects.requireNonNull(ciphertext, "ciphertext");
    }
  }

  /**
   * A later message: HPKE base mode to the recipient's key {@code recipientKey} ({@code enc} is the
   * encapsulated key), numbered {@code counter} by its sender, announcing the sender's next receive
   * key {@code nextKey}.
   */
  record Regular(long counter, X25519PublicKey recipientKey, X25519PublicKey nextKey, Bytes enc, Bytes ciphertext)
      implements ChannelMessage {
    public Regular {
      Objects.requireNonNull(recipientKey, "recipientKey");
      Objects.requireNonNull(nextKey, "nextKey");
      Objects.requireNonNull(enc, "enc");
      Objects.requireNonNull(ciphertext, "ciphertext");
      if (counter < 0) {
        throw new IllegalArgumentException("counter must not be negative: " + counter);
      }
    }
  }
}
