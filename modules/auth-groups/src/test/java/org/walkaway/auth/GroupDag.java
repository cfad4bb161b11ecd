package org.walkaway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.walkaway.core.Hash;
import org.walkaway.core.PublicKey;

/** Builds DAGs of unsigned (synthetic) group operations for CRDT tests. */
final class GroupDag {
  static final PublicKey A = TestKit.ALICE.publicKey();
  static final PublicKey B = TestKit.BOB.publicKey();
  static final PublicKey C = TestKit.CAROL.publicKey();
  static final PublicKey D = TestKit.DAN.publicKey();
  static final PublicKey E = TestKit.key(5).publicKey();
  static final PublicKey M = TestKit.MALLORY.publicKey();

  final List<GroupOperation> ops = new ArrayList<>();

  static Member key(PublicKey k) {
    return Member.key(k);
  }

  static Member group(GroupOperation create) {
    return Member.group(create.id());
  }

  GroupOperation op(PublicKey author, GroupAction action, GroupOperation... after) {
    GroupOperation op = GroupOperation.synthetic(author, Arrays.stream(after).map(GroupOperation::id).toList(), action);
    ops.add(op);
    return op;
  }

  GroupOperation create(PublicKey author, Map<Member, Access> members, GroupOperation... after) {
    return op(author, new GroupAction.Create(new TreeMap<>(members)), after);
  }

  /** A group founded by {@code author} with {@code managers} as MANAGE members. */
  GroupOperation createWithManagers(PublicKey author, PublicKey... managers) {
    TreeMap<Member, Access> members = new TreeMap<>();
    for (PublicKey m : managers) {
      members.put(key(m), Access.MANAGE);
    }
    return create(author, members);
  }

  GroupOperation add(PublicKey author, GroupOperation group, Member member, Access access, GroupOperation... after) {
    return op(author, new GroupAction.Add(group.id(), member, access), after);
  }

  GroupOperation remove(PublicKey author, GroupOperation group, Member member, GroupOperation... after) {
    return op(author, new GroupAction.Remove(group.id(), member), after);
  }

  GroupOperation promote(PublicKey author, GroupOperation group, Member member, Access access, GroupOperation... after) {
    return op(author, new GroupAction.Promote(group.id(), member, access), after);
  }

  GroupOperation demote(PublicKey author, GroupOperation group, Member member, Access access, GroupOperation... after) {
    return op(author, new GroupAction.Demote(group.id(), member, access), after);
  }

  /** A replica that received every operation in {@code order}. */
  static Groups replay(ConflictResolver resolver, List<GroupOperation> order) {
    Groups groups = new Groups(resolver, 10_000);
    order.forEach(groups::receive);
    return groups;
  }

  Groups replay(ConflictResolver resolver) {
    return replay(resolver, ops);
  }

  /**
   * Replays the operations in the given order and in {@code shuffles} seeded random orders (many not
   * causal: the pending buffer sorts them out), asserts every replica has the same state and the
   * same status for every operation, and returns one replica.
   */
  Groups replayAllOrders(ConflictResolver resolver, long seed, int shuffles) {
    Groups reference = replay(resolver);
    SplittableRandom random = new SplittableRandom(seed);
    for (int s = 0; s < shuffles; s++) {
      List<GroupOperation> order = new ArrayList<>(ops);
      Collections.shuffle(order, new java.util.Random(random.nextLong()));
      Groups other = replay(resolver, order);
      assertEquals(0, other.pendingCount(), "seed " + seed);
      assertEquals(reference.state(), other.state(), "seed " + seed + ", shuffle " + s + ", " + resolver);
      for (GroupOperation op : ops) {
        assertEquals(reference.status(op.id()), other.status(op.id()), "seed " + seed + ", " + op);
      }
    }
    return reference;
  }

  static Hash id(GroupOperation op) {
    return op.id();
  }
}
