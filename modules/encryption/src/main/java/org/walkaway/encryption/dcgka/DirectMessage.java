package org.walkaway.encryption.dcgka;

import java.util.List;
import java.util.Objects;
import org.walkaway.core.PublicKey;
import org.walkaway.encryption.ChannelMessage;

/**
 * What a member sends to one other member alongside a control message, sealed with the pairwise
 * {@link org.walkaway.encryption.SecureChannel}. The caller delivers it to {@link #recipient()}
 * together with its control message.
 */
public sealed interface DirectMessage {

  PublicKey recipient();

  Sealed sealed();

  /**
   * A pairwise-channel message and which of the two possible channels between sender and recipient
   * it travels on: the one {@code initiator} opened (two members may open channels to each other
   * concurrently; both stay usable).
   */
  record Sealed(PublicKey initiator, ChannelMessage message) {
    public Sealed {
      Objects.requireNonNull(initiator, "initiator");
      Objects.requireNonNull(message, "message");
    }
  }

  /** A fresh seed secret (create, update, remove). */
  record Seed(PublicKey recipient, Sealed sealed) implements DirectMessage {
    public Seed {
      Objects.requireNonNull(recipient, "recipient");
      Objects.requireNonNull(sealed, "sealed");
    }
  }

  /**
   * Sent with an ack or add-ack: the sender's own member secret for an update the recipient was added
   * too late to receive (ack), or the sender's ratchet state for a newcomer (add-ack).
   */
  record Forward(PublicKey recipient, Sealed sealed) implements DirectMessage {
    public Forward {
      Objects.requireNonNull(recipient, "recipient");
      Objects.requireNonNull(sealed, "sealed");
    }
  }

  /** To a newcomer with its add: the adder's membership history and (sealed) ratchet state. */
  record Welcome(PublicKey recipient, List<MembershipOperation> history, Sealed sealed) implements DirectMessage {
    public Welcome {
      Objects.requireNonNull(recipient, "recipient");
      history = List.copyOf(history);
      Objects.requireNonNull(sealed, "sealed");
    }
  }
}
