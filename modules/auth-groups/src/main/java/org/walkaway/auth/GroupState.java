package org.walkaway.auth;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.walkaway.core.Hash;
import org.walkaway.core.PublicKey;

/**
 * The membership of every known group, as resolved from a set of group operations: for each group
 * (by id) its direct members and their access. Two replicas that hold the same operations have
 * equal states.
 *
 * <p>Effective access through nested groups: a key's access in a group is the maximum, over the
 * paths from the group down to the key, of the minimum access along the path. Paths are simple (no
 * group twice) and at most {@link #MAX_NESTING} groups deep, so a cycle created by two concurrent
 * adds cannot loop or amplify access.
 *
 * @param groups direct members by group id
 */
public record GroupState(SortedMap<Hash, SortedMap<Member, Access>> groups) {
  /** How many groups deep a path may go when resolving nested membership. */
  public static final int MAX_NESTING = 8;

  public GroupState {
    TreeMap<Hash, SortedMap<Member, Access>> copy = new TreeMap<>();
    Objects.requireNonNull(groups, "groups").forEach((id, members) ->
        copy.put(id, Collections.unmodifiableSortedMap(new TreeMap<>(members))));
    groups = Collections.unmodifiableSortedMap(copy);
  }

  public static GroupState empty() {
    return new GroupState(new TreeMap<>());
  }

  public boolean exists(Hash group) {
    return groups.containsKey(group);
  }

  /** The direct members of {@code group} (empty if it is unknown). */
  public SortedMap<Member, Access> directMembers(Hash group) {
    return groups.getOrDefault(group, Collections.emptySortedMap());
  }

  /** The direct access of {@code member} in {@code group}. */
  public Optional<Access> directAccess(Member member, Hash group) {
    return Optional.ofNullable(directMembers(group).get(member));
  }

  /** The effective access of {@code key} in {@code group}, through nested groups. */
  public Optional<Access> access(PublicKey key, Hash group) {
    return Optional.ofNullable(effective(new Member.Key(key), group, new HashSet<>(), 0));
  }

  /** Every key with some access in {@code group}, with its effective access. */
  public SortedMap<PublicKey, Access> members(Hash group) {
    TreeMap<PublicKey, Access> keys = new TreeMap<>();
    collectKeys(group, new HashSet<>(), 0, keys);
    keys.replaceAll((key, ignored) -> access(key, group).orElseThrow());
    return Collections.unmodifiableSortedMap(keys);
  }

  private void collectKeys(Hash group, Set<Hash> path, int depth, Map<PublicKey, Access> into) {
    if (depth >= MAX_NESTING || !path.add(group)) {
      return;
    }
    directMembers(group).forEach((member, access) -> {
      switch (member) {
        case Member.Key k -> into.put(k.key(), access);
        case Member.Group g -> collectKeys(g.id(), path, depth + 1, into);
      }
    });
    path.remove(group);
  }

  private Access effective(Member target, Hash group, Set<Hash> path, int depth) {
    if (depth >= MAX_NESTING || !path.add(group)) {
      return null;
    }
    Access best = null;
    for (Map.Entry<Member, Access> entry : directMembers(group).entrySet()) {
      Access viaThis = null;
      if (entry.getKey().equals(target)) {
        viaThis = entry.getValue();
      } else if (entry.getKey() instanceof Member.Group g) {
        Access below = effective(target, g.id(), path, depth + 1);
        viaThis = below == null ? null : Access.min(below, entry.getValue());
      }
      if (viaThis != null) {
        best = best == null ? viaThis : Access.max(best, viaThis);
      }
    }
    path.remove(group);
    return best;
  }

  /** True if {@code inner} is {@code outer} or is reachable from it through nested groups. */
  public boolean reaches(Hash outer, Hash inner) {
    ArrayDeque<Hash> todo = new ArrayDeque<>();
    Set<Hash> seen = new HashSet<>();
    todo.add(outer);
    while (!todo.isEmpty()) {
      Hash group = todo.poll();
      if (group.equals(inner)) {
        return true;
      }
      if (seen.add(group)) {
        directMembers(group).keySet().forEach(m -> {
          if (m instanceof Member.Group g) {
            todo.add(g.id());
          }
        });
      }
    }
    return false;
  }

  /** This state with a revocation's effect applied (used to ask "would it take authority away?"). */
  GroupState with(GroupAction action) {
    TreeMap<Hash, SortedMap<Member, Access>> copy = new TreeMap<>(groups);
    switch (action) {
      case GroupAction.Remove r -> {
        if (copy.containsKey(r.group())) {
          TreeMap<Member, Access> members = new TreeMap<>(copy.get(r.group()));
          members.remove(r.member());
          copy.put(r.group(), members);
        }
      }
      case GroupAction.Demote d -> {
        if (copy.containsKey(d.group()) && copy.get(d.group()).containsKey(d.member())) {
          TreeMap<Member, Access> members = new TreeMap<>(copy.get(d.group()));
          members.put(d.member(), Access.min(members.get(d.member()), d.access()));
          copy.put(d.group(), members);
        }
      }
      default -> throw new IllegalArgumentException("only a revocation is applied: " + action);
    }
    return new GroupState(copy);
  }
}
