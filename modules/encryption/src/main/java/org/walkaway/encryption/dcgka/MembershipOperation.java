package org.walkaway.encryption.dcgka;

import java.util.List;
import java.util.Objects;
import org.walkaway.core.Hash;
import org.walkaway.core.PublicKey;

/**
 * One entry of the group-membership history that DCGKA keeps (the paper's {@code γ.history}): the
 * membership-changing control messages and the acknowledgments of them. A newcomer receives the
 * history in its welcome and replays it.
 */
public sealed interface MembershipOperation {

  /** Who sent the operation. */
  PublicKey sender();

  /** The group's first operation: {@code members} (sorted, without duplicates, including the creator). */
  record Create(PublicKey sender, Hash id, List<PublicKey> members) implements MembershipOperation {
    public Create {
      Objects.requireNonNull(sender, "sender");
      Objects.requireNonNull(id, "id");
      members = members.stream().distinct().sorted().toList();
      if (!members.contains(sender)) {
        throw new IllegalArgumentException("the creator " + sender + " must be one of the members");
      }
    }
  }

  record Add(PublicKey sender, Hash id, PublicKey added) implements MembershipOperation {
    public Add {
      Objects.requireNonNull(sender, "sender");
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(added, "added");
    }
  }

  record Remove(PublicKey sender, Hash id, PublicKey removed) implements MembershipOperation {
    public Remove {
      Objects.requireNonNull(sender, "sender");
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(removed, "removed");
    }
  }

  /** {@code sender} has processed the membership operation {@code acknowledged}. */
  record Ack(PublicKey sender, Hash acknowledged) implements MembershipOperation {
    public Ack {
      Objects.requireNonNull(sender, "sender");
      Objects.requireNonNull(acknowledged, "acknowledged");
    }
  }
}
