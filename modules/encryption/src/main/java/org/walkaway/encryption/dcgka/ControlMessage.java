package org.walkaway.encryption.dcgka;

import java.util.List;
import java.util.Objects;
import org.walkaway.core.Hash;
import org.walkaway.core.PublicKey;

/**
 * What a member broadcasts to the whole group (in the clear, signed and causally ordered by the
 * layers below). Its id and sender are the caller's: typically the hash and author of the event that
 * carries it. Secrets never travel here; they go in {@link DirectMessage}s.
 */
public sealed interface ControlMessage {

  /** Starts a group of {@code members} (sorted, distinct; the sender is one of them). */
  record Create(List<PublicKey> members) implements ControlMessage {
    public Create {
      members = members.stream().distinct().sorted().toList();
      if (members.isEmpty()) {
        throw new IllegalArgumentException("a group has at least one member");
      }
    }
  }

  /** A post-compromise-security update: a fresh seed for every member the sender knows. */
  record Update() implements ControlMessage {}

  record Add(PublicKey added) implements ControlMessage {
    public Add {
      Objects.requireNonNull(added, "added");
    }
  }

  /** Removes {@code removed} and gives every remaining member a fresh seed. */
  record Remove(PublicKey removed) implements ControlMessage {
    public Remove {
      Objects.requireNonNull(removed, "removed");
    }
  }

  /** The sender processed the create, update or remove {@code acknowledged} (or its own welcome). */
  record Ack(Hash acknowledged) implements ControlMessage {
    public Ack {
      Objects.requireNonNull(acknowledged, "acknowledged");
    }
  }

  /** The sender processed the add {@code acknowledged} and sent the newcomer its ratchet state. */
  record AddAck(Hash acknowledged) implements ControlMessage {
    public AddAck {
      Objects.requireNonNull(acknowledged, "acknowledged");
    }
  }
}
