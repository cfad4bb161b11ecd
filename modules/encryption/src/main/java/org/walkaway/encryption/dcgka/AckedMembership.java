package org.walkaway.encryption.dcgka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.walkaway.core.Hash;
import org.walkaway.core.PublicKey;
import org.walkaway.core.Verdict;
import org.walkaway.encryption.EncryptionFailure;

/**
 * The built-in {@link GroupMembership}: the paper's acknowledged membership history and a DGM
 * function over it.
 *
 * <h2>Who has seen what</h2>
 * Every member has "seen" the operations it sent or acknowledged; the creation is seen by all its
 * members; a newcomer has seen what its adder had seen when adding it (that is the history its
 * welcome carried). {@link #viewOf} evaluates the DGM function over what one member has seen.
 *
 * <h2>The DGM function</h2>
 * <pre>
 *   effective(add a of X by S)  =  S was itself effectively added, and every removal of S
 *                                  (among the operations considered) had seen a
 *   member(X)                   =  some effective create/add of X was seen by no removal of X
 * </pre>
 * So a removal wins over the adds it had seen; an add made concurrently with (or after) its adder's
 * removal does not count, so a removed member cannot bring accomplices in; re-adding someone after
 * their removal works (the new add was not seen by the removal). Every member evaluates the same
 * function over the same operations, so views agree.
 *
 * <p>The history grows without bound (no garbage collection yet).
 */
public final class AckedMembership implements GroupMembership {
  private final List<MembershipOperation> history = new ArrayList<>();
  private final Map<Hash, MembershipOperation> changes = new LinkedHashMap<>();
  private final Map<PublicKey, Set<Hash>> seen = new HashMap<>();
  /** For each removal, what its sender had seen when sending it (itself included). */
  private final Map<Hash, Set<Hash>> seenByRemoval = new HashMap<>();
  private boolean created;
  /**
   * Views are asked for on every message. What a member has seen is a small set of operation ids
   * (acks are not in it), most members have seen the same ones, and recorded operations never
   * change, so the DGM result is cached by that set.
   */
  private final Map<Set<Hash>, Set<PublicKey>> viewsBySeenSet = new HashMap<>();
  private static final int MAX_CACHED_VIEWS = 4096;
  private Set<PublicKey> membersCache;

  /** An empty record: a group not created yet. */
  public AckedMembership() {}

  @Override
  public Verdict<MembershipOperation> apply(MembershipOperation operation) {
    if (!(operation instanceof MembershipOperation.Ack)) {
      membersCache = null;
    }
    switch (operation) {
      case MembershipOperation.Create create -> {
        if (created) {
          return refuse("the group was already created; a second create " + create.id() + " is refused");
        }
        created = true;
        changes.put(create.id(), create);
        create.members().forEach(member -> seenBy(member).add(create.id()));
      }
      case MembershipOperation.Add add -> {
        if (!created || changes.containsKey(add.id())) {
          return refuse("add " + add.id() + " before the creation, or a repeated id");
        }
        changes.put(add.id(), add);
        Set<Hash> adderSaw = seenBy(add.sender());
        adderSaw.add(add.id());
        seenBy(add.added()).addAll(adderSaw);
      }
      case MembershipOperation.Remove remove -> {
        if (!created || changes.containsKey(remove.id())) {
          return refuse("remove " + remove.id() + " before the creation, or a repeated id");
        }
        changes.put(remove.id(), remove);
        Set<Hash> removerSaw = seenBy(remove.sender());
        removerSaw.add(remove.id());
        seenByRemoval.put(remove.id(), Set.copyOf(removerSaw));
      }
      case MembershipOperation.Ack ack -> {
        MembershipOperation acknowledged = changes.get(ack.acknowledged());
        if (acknowledged == null) {
          return refuse("ack of " + ack.acknowledged() + ", which is not a known create, add or remove");
        }
        if (acknowledged instanceof MembershipOperation.Remove remove && remove.removed().equals(ack.sender())) {
          return refuse(ack.sender() + " acknowledges its own removal " + remove.id());
        }
        seenBy(ack.sender()).add(ack.acknowledged());
      }
    }
    history.add(operation);
    return Verdict.accepted(operation);
  }

  @Override
  public boolean isMembershipChange(Hash operation) {
    return changes.containsKey(operation);
  }

  @Override
  public Set<PublicKey> members() {
    if (membersCache == null) {
      membersCache = Set.copyOf(membersAccordingTo(changes.keySet()));
    }
    return membersCache;
  }

  @Override
  public Set<PublicKey> viewOf(PublicKey member) {
    Set<Hash> considered = Set.copyOf(seen.getOrDefault(member, Set.of()));
    Set<PublicKey> view = viewsBySeenSet.get(considered);
    if (view == null) {
      if (viewsBySeenSet.size() >= MAX_CACHED_VIEWS) {
        viewsBySeenSet.clear();
      }
      view = Set.copyOf(membersAccordingTo(considered));
      viewsBySeenSet.put(considered, view);
    }
    return view;
  }

  @Override
  public List<MembershipOperation> history() {
    return List.copyOf(history);
  }

  private Set<Hash> seenBy(PublicKey member) {
    return seen.computeIfAbsent(member, key -> new HashSet<>());
  }

  private Set<PublicKey> membersAccordingTo(Set<Hash> considered) {
    List<MembershipOperation> adds = new ArrayList<>();
    List<MembershipOperation.Remove> removals = new ArrayList<>();
    for (Map.Entry<Hash, MembershipOperation> entry : changes.entrySet()) {
      if (!considered.contains(entry.getKey())) {
        continue;
      }
      if (entry.getValue() instanceof MembershipOperation.Remove remove) {
        removals.add(remove);
      } else {
        adds.add(entry.getValue());
      }
    }
    // Fixpoint: an add counts only once its adder is known to have been added itself.
    Set<Hash> effective = new HashSet<>();
    Set<PublicKey> everAdded = new HashSet<>();
    boolean progress = true;
    while (progress) {
      progress = false;
      for (MembershipOperation operation : adds) {
        if (effective.contains(idOf(operation))) {
          continue;
        }
        boolean counts = switch (operation) {
          case MembershipOperation.Create create -> true;
          case MembershipOperation.Add add -> everAdded.contains(add.sender())
              && removals.stream().filter(r -> r.removed().equals(add.sender()))
                  .allMatch(r -> seenByRemoval.get(r.id()).contains(add.id()));
          default -> false;
        };
        if (counts) {
          effective.add(idOf(operation));
          everAdded.addAll(subjects(operation));
          progress = true;
        }
      }
    }
    Set<PublicKey> members = new HashSet<>();
    for (MembershipOperation operation : adds) {
      if (!effective.contains(idOf(operation))) {
        continue;
      }
      for (PublicKey subject : subjects(operation)) {
        boolean removed = removals.stream()
            .anyMatch(r -> r.removed().equals(subject) && seenByRemoval.get(r.id()).contains(idOf(operation)));
        if (!removed) {
          members.add(subject);
        }
      }
    }
    return members;
  }

  private static Hash idOf(MembershipOperation operation) {
    return switch (operation) {
      case MembershipOperation.Create create -> create.id();
      case MembershipOperation.Add add -> add.id();
      case MembershipOperation.Remove remove -> remove.id();
      case MembershipOperation.Ack ack -> throw new IllegalArgumentException("an ack has no id of its own");
    };
  }

  private static List<PublicKey> subjects(MembershipOperation operation) {
    return switch (operation) {
      case MembershipOperation.Create create -> create.members();
      case MembershipOperation.Add add -> List.of(add.added());
      default -> List.of();
    };
  }

  private static Verdict<MembershipOperation> refuse(String detail) {
    return Verdict.rejected(EncryptionFailure.MALFORMED.rejection(detail));
  }

  @Override
  public String toString() {
    return "AckedMembership[operations=" + history.size() + ", members=" + members().size() + "]";
  }
}
