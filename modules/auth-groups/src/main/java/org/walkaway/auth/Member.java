package org.walkaway.auth;

import java.util.Objects;
import org.walkaway.core.Hash;
import org.walkaway.core.PublicKey;

/**
 * A member of a group: a device key, or another group (nested groups; a person is a group of their
 * device keys). Keys sort before groups, then by bytes.
 */
public sealed interface Member extends Comparable<Member> permits Member.Key, Member.Group {

  static Member key(PublicKey key) {
    return new Key(key);
  }

  static Member group(Hash groupId) {
    return new Group(groupId);
  }

  /** A device key: the author of events. */
  record Key(PublicKey key) implements Member {
    public Key {
      Objects.requireNonNull(key, "key");
    }

    @Override
    public String toString() {
      return "key:" + key.toHex().substring(0, 8);
    }
  }

  /** A group, named by the id of the operation that created it. */
  record Group(Hash id) implements Member {
    public Group {
      Objects.requireNonNull(id, "id");
    }

    @Override
    public String toString() {
      return "group:" + id.toHex().substring(0, 8);
    }
  }

  @Override
  default int compareTo(Member other) {
    return switch (this) {
      case Key k -> other instanceof Key o ? k.key().compareTo(o.key()) : -1;
      case Group g -> other instanceof Group o ? g.id().compareTo(o.id()) : 1;
    };
  }
}
