package org.walkaway.auth;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.walkaway.core.Hash;

/**
 * What a group operation does. {@link Create} makes a new group whose id is the operation's id; the
 * others change one member of an existing group and need {@link Access#MANAGE} in it at the
 * operation's causal position.
 */
public sealed interface GroupAction
    permits GroupAction.Create, GroupAction.Add, GroupAction.Remove, GroupAction.Promote, GroupAction.Demote {

  /**
   * Creates a group. The author is a {@link Access#MANAGE} member whatever {@code members} says;
   * {@code members} are the other founding members.
   */
  record Create(SortedMap<Member, Access> members) implements GroupAction {
    public Create {
      members = Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(members, "members")));
    }
  }

  /** Adds {@code member} (not a member yet) with {@code access}. */
  record Add(Hash group, Member member, Access access) implements GroupAction {
    public Add {
      Objects.requireNonNull(group, "group");
      Objects.requireNonNull(member, "member");
      Objects.requireNonNull(access, "access");
    }
  }

  /** Removes {@code member}. */
  record Remove(Hash group, Member member) implements GroupAction {
    public Remove {
      Objects.requireNonNull(group, "group");
      Objects.requireNonNull(member, "member");
    }
  }

  /** Raises {@code member}'s access to {@code access} (higher than its current one). */
  record Promote(Hash group, Member member, Access access) implements GroupAction {
    public Promote {
      Objects.requireNonNull(group, "group");
      Objects.requireNonNull(member, "member");
      Objects.requireNonNull(access, "access");
    }
  }

  /** Lowers {@code member}'s access to {@code access} (lower than its current one). */
  record Demote(Hash group, Member member, Access access) implements GroupAction {
    public Demote {
      Objects.requireNonNull(group, "group");
      Objects.requireNonNull(member, "member");
      Objects.requireNonNull(access, "access");
    }
  }

  /** True for the actions that take authority away: remove and demote. */
  default boolean revokes() {
    return this instanceof Remove || this instanceof Demote;
  }
}
