package org.walkaway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.walkaway.auth.GroupDag.A;
import static org.walkaway.auth.GroupDag.B;
import static org.walkaway.auth.GroupDag.C;
import static org.walkaway.auth.GroupDag.D;
import static org.walkaway.auth.GroupDag.E;
import static org.walkaway.auth.GroupDag.M;
import static org.walkaway.auth.GroupDag.key;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.walkaway.core.Hash;
import org.walkaway.core.PublicKey;

/**
 * Items 8-15 of shared/spec/adversarial-auth-crypto.md (the group CRDT), each under both resolvers
 * (strong removal and seniority) with the expected result per resolver. Every scenario is also
 * replayed in seeded random arrival orders, which must all agree.
 */
class AdversarialGroupsTest {
  private static final long SEED = 0x5eed_0815L;
  private static final int SHUFFLES = 40;

  static Stream<ConflictResolver> resolvers() {
    return Stream.of(ConflictResolver.STRONG_REMOVAL, ConflictResolver.SENIORITY);
  }

  private static Optional<Access> access(Groups groups, PublicKey key, GroupOperation group) {
    return groups.access(key, group.id());
  }

  private static void assertOut(Groups groups, GroupOperation group, PublicKey... keys) {
    for (PublicKey k : keys) {
      assertEquals(Optional.empty(), access(groups, k, group), k + " should be out under " + groups.resolver());
    }
  }

  private static void assertLevel(Groups groups, GroupOperation group, Access level, PublicKey... keys) {
    for (PublicKey k : keys) {
      assertEquals(Optional.of(level), access(groups, k, group), k + " under " + groups.resolver());
    }
  }

  private static void assertStatus(Groups groups, Groups.Status status, GroupOperation op) {
    assertEquals(status, groups.status(op.id()), () -> op + " under " + groups.resolver() + ": " + groups.reason(op.id()));
  }

  @Nested
  class Item08RemovedMemberStillWriting {
    @ParameterizedTest
    @MethodSource("org.walkaway.auth.AdversarialGroupsTest#resolvers")
    void operationsConcurrentWithTheRemovalAreFiltered(ConflictResolver resolver) {
      GroupDag dag = new GroupDag();
      GroupOperation g = dag.createWithManagers(A, B);
      GroupOperation removeB = dag.remove(A, g, key(B), g);
      GroupOperation bAddsC = dag.add(B, g, key(C), Access.WRITE, g);
      Groups groups = dag.replayAllOrders(resolver, SEED, SHUFFLES);
      assertStatus(groups, Groups.Status.ACCEPTED, removeB);
      assertStatus(groups, Groups.Status.FILTERED, bAddsC);
      assertOut(groups, g, B, C);
    }

    @ParameterizedTest
    @MethodSource("org.walkaway.auth.AdversarialGroupsTest#resolvers")
    void operationsCausallyAfterTheRemovalAreRejected(ConflictResolver resolver) {
      GroupDag dag = new GroupDag();
      GroupOperation g = dag.createWithManagers(A, B);
      GroupOperation removeB = dag.remove(A, g, key(B), g);
      GroupOperation bAddsC = dag.add(B, g, key(C), Access.WRITE, removeB);
      Groups groups = dag.replayAllOrders(resolver, SEED, SHUFFLES);
      assertStatus(groups, Groups.Status.INVALID, bAddsC);
      assertTrue(groups.reason(bAddsC.id()).orElseThrow().contains("needs MANAGE"));
      assertOut(groups, g, B, C);
    }

    @ParameterizedTest
    @MethodSource("org.walkaway.auth.AdversarialGroupsTest#resolvers")
    void dataWrittenAfterTheRemovalIsRejectedEvenWhenDeliveredLate(ConflictResolver resolver) {
      GroupDag dag = new GroupDag();
      GroupOperation g = dag.create(A, Map.of(key(B), Access.WRITE));
      GroupOperation removeB = dag.remove(A, g, key(B), g);
      Groups groups = dag.replay(resolver);
      // Queries now and at a frontier.
      assertTrue(groups.hasAccessAt(B, g.id(), Access.WRITE, List.of(g.id())));
      assertFalse(groups.hasAccessAt(B, g.id(), Access.PULL, List.of(removeB.id())));
      assertFalse(groups.hasAccess(B, g.id(), Access.PULL));
      assertTrue(groups.hasAccess(A, g.id(), Access.MANAGE));
      // A write that follows the removal.
      assertInstanceOf(GroupDecision.Denied.class, groups.checkWrite(B, g.id(), List.of(removeB.id())));
      // A write that cites only the state before the removal, arriving after it: strong removal refuses it.
      GroupDecision late = groups.checkWrite(B, g.id(), List.of(g.id()));
      assertTrue(late instanceof GroupDecision.Denied d && d.reason().contains("does not causally follow"), late.toString());
      // Unless the application knows the write happened before the removal.
      assertInstanceOf(GroupDecision.Allowed.class, groups.checkWrite(B, g.id(), List.of(g.id()), id -> id.equals(removeB.id())));
      // Before the removal arrived the same write was allowed: the auth processor admits it then.
      Groups early = GroupDag.replay(resolver, List.of(g));
      assertInstanceOf(GroupDecision.Allowed.class, early.checkWrite(B, g.id(), List.of(g.id())));
    }

    @ParameterizedTest
    @MethodSource("org.walkaway.auth.AdversarialGroupsTest#resolvers")
    void backdatingToPreDemotionDependenciesDoesNotHelp(ConflictResolver resolver) {
      GroupDag dag = new GroupDag();
      GroupOperation g = dag.createWithManagers(A, B);
      GroupOperation demoteB = dag.demote(A, g, key(B), Access.WRITE, g);
      // B has seen the demotion but cites only the genesis (the Penguin/Parrot case).
      GroupOperation backdated = dag.add(B, g, key(M), Access.MANAGE, g);
      GroupOperation honest = dag.add(B, g, key(C), Access.READ, demoteB);
      Groups groups = dag.replayAllOrders(resolver, SEED, SHUFFLES);
      assertStatus(groups, Groups.Status.FILTERED, backdated);
      assertStatus(groups, Groups.Status.INVALID, honest);
      assertOut(groups, g, M, C);
      assertLevel(groups, g, Access.WRITE, B);
      // B's backdated data write still passes: B keeps WRITE.
      assertInstanceOf(GroupDecision.Allowed.class, groups.checkWrite(B, g.id(), List.of(g.id())));
    }
  }

  @Nested
  class Item09ConcurrentMutualRemoval {
    @ParameterizedTest
    @MethodSource("org.walkaway.auth.AdversarialGroupsTest#resolvers")
    void mutualRemoval(ConflictResolver resolver) {
      GroupDag dag = new GroupDag();
      GroupOperation g = dag.createWithManagers(A, B, C);
      dag.remove(A, g, key(B), g);
      dag.remove(B, g, key(A), g);
      Groups groups = dag.replayAllOrders(resolver, SEED, SHUFFLES);
      if (resolver == ConflictResolver.STRONG_REMOVAL) {
        assertOut(groups, g, A, B);
      } else {
        assertLevel(groups, g, Access.MANAGE, A); // the founder is the senior
        assertOut(groups, g, B);
      }
      assertLevel(groups, g, Access.MANAGE, C);
    }

    @ParameterizedTest
    @MethodSource("org.walkaway.auth.AdversarialGroupsTest#resolvers")
    void threeCycle(ConflictResolver resolver) {
      GroupDag dag = new GroupDag();
      GroupOperation g = dag.createWithManagers(A);
      GroupOperation addB = dag.add(A, g, key(B), Access.MANAGE, g);
      GroupOperation addC = dag.add(A, g, key(C), Access.MANAGE, addB); // seniority A > B > C
      dag.remove(A, g, key(B), addC);
      dag.remove(B, g, key(C), addC);
      dag.remove(C, g, key(A), addC);
      Groups groups = dag.replayAllOrders(resolver, SEED, SHUFFLES);
      if (resolver == ConflictResolver.STRONG_REMOVAL) {
        assertOut(groups, g, A, B, C); // everyone in the cycle is out: the group is frozen
        assertTrue(groups.state().directMembers(g.id()).isEmpty());
      } else {
        // C's removal of the founder is dropped; then A's removal of B wins over B's of C.
        assertLevel(groups, g, Access.MANAGE, A, C);
        assertOut(groups, g, B);
      }
    }

    @ParameterizedTest
    @MethodSource("org.walkaway.auth.AdversarialGroupsTest#resolvers")
    void cycleThroughDelegation(ConflictResolver resolver) {
      GroupDag dag = new GroupDag();
      GroupOperation g = dag.createWithManagers(A);
      GroupOperation addB = dag.add(A, g, key(B), Access.MANAGE, g);
      GroupOperation addC = dag.add(A, g, key(C), Access.MANAGE, addB);
      GroupOperation aRemovesB = dag.remove(A, g, key(B), addC);
      GroupOperation bRemovesC = dag.remove(B, g, key(C), addC);
      GroupOperation cAddsD = dag.add(C, g, key(D), Access.MANAGE, addC);
      GroupOperation dRemovesA = dag.remove(D, g, key(A), cAddsD);
      Groups groups = dag.replayAllOrders(resolver, SEED, SHUFFLES);
      if (resolver == ConflictResolver.STRONG_REMOVAL) {
        // The catalogue's expectation: a cycle closed through a delegation is a cycle, and under
        // strong removal everyone on it is out. C's add is filtered (C was removed concurrently), so
        // D never joins; D's removal of A, on the cycle, is honoured all the same.
        assertStatus(groups, Groups.Status.ACCEPTED, aRemovesB);
        assertStatus(groups, Groups.Status.ACCEPTED, bRemovesC);
        assertStatus(groups, Groups.Status.FILTERED, cAddsD);
        assertStatus(groups, Groups.Status.ACCEPTED, dRemovesA);
        assertOut(groups, g, A, B, C, D);
        assertTrue(groups.state().directMembers(g.id()).isEmpty(), "the group is frozen");
      } else {
        // The founder wins: D's removal of A is dropped; A's removal of B beats B's removal of C.
        assertStatus(groups, Groups.Status.FILTERED, dRemovesA);
        assertStatus(groups, Groups.Status.FILTERED, bRemovesC);
        assertLevel(groups, g, Access.MANAGE, A, C, D);
        assertOut(groups, g, B);
      }
    }

    @ParameterizedTest
    @MethodSource("org.walkaway.auth.AdversarialGroupsTest#resolvers")
    void aRemovedManagersDelegateGainsNothingOverADirectRemoval(ConflictResolver resolver) {
      // B, being removed by A, adds D, who removes A: the shortest cycle through a delegation. Under
      // strong removal it ends like "A and B remove each other" (both out), D out as well; under
      // seniority the founder stays. Honouring D's removal gives B nothing B could not do directly.
      GroupDag dag = new GroupDag();
      GroupOperation g = dag.createWithManagers(A, B);
      GroupOperation aRemovesB = dag.remove(A, g, key(B), g);
      GroupOperation bAddsD = dag.add(B, g, key(D), Access.MANAGE, g);
      GroupOperation dRemovesA = dag.remove(D, g, key(A), bAddsD);
      Groups groups = dag.replayAllOrders(resolver, SEED, SHUFFLES);
      assertStatus(groups, Groups.Status.ACCEPTED, aRemovesB);
      assertStatus(groups, Groups.Status.FILTERED, bAddsD);
      assertOut(groups, g, B, D);
      if (resolver == ConflictResolver.STRONG_REMOVAL) {
        assertStatus(groups, Groups.Status.ACCEPTED, dRemovesA);
        assertOut(groups, g, A);
      } else {
        assertStatus(groups, Groups.Status.INVALID, dRemovesA); // D never joined: no honouring under seniority
        assertLevel(groups, g, Access.MANAGE, A);
      }
    }

    @ParameterizedTest
    @MethodSource("org.walkaway.auth.AdversarialGroupsTest#resolvers")
    void twoManagerFreeze(ConflictResolver resolver) {
      GroupDag dag = new GroupDag();
      GroupOperation g = dag.createWithManagers(A, B);
      GroupOperation aDemotesB = dag.demote(A, g, key(B), Access.WRITE, g);
      GroupOperation bDemotesA = dag.demote(B, g, key(A), Access.WRITE, g);
      GroupOperation aAddsC = dag.add(A, g, key(C), Access.READ, aDemotesB, bDemotesA);
      Groups groups = dag.replayAllOrders(resolver, SEED, SHUFFLES);
      if (resolver == ConflictResolver.STRONG_REMOVAL) {
        // The explicit expected state: nobody can manage any more; both can still write.
        assertLevel(groups, g, Access.WRITE, A, B);
        assertStatus(groups, Groups.Status.INVALID, aAddsC);
        assertOut(groups, g, C);
      } else {
        assertLevel(groups, g, Access.MANAGE, A);
        assertLevel(groups, g, Access.WRITE, B);
        assertStatus(groups, Groups.Status.ACCEPTED, aAddsC);
        assertLevel(groups, g, Access.READ, C);
      }
    }
  }

  @Nested
  class Item10RemoveTheRemoversDelegates {
    @ParameterizedTest
    @MethodSource("org.walkaway.auth.AdversarialGroupsTest#resolvers")
    void removingTheRemoverInvalidatesTheirDelegatesTransitively(ConflictResolver resolver) {
      GroupDag dag = new GroupDag();
      GroupOperation g = dag.createWithManagers(A, B);
      GroupOperation aRemovesB = dag.remove(A, g, key(B), g);
      GroupOperation bAddsC = dag.add(B, g, key(C), Access.MANAGE, g);
      GroupOperation cAddsD = dag.add(C, g, key(D), Access.WRITE, bAddsC);
      GroupOperation dAddsE = dag.add(D, g, key(E), Access.READ, cAddsD);
      Groups groups = dag.replayAllOrders(resolver, SEED, SHUFFLES);
      assertStatus(groups, Groups.Status.ACCEPTED, aRemovesB);
      assertStatus(groups, Groups.Status.FILTERED, bAddsC);
      assertNotEquals(Groups.Status.ACCEPTED, groups.status(cAddsD.id()));
      assertNotEquals(Groups.Status.ACCEPTED, groups.status(dAddsE.id()));
      assertOut(groups, g, B, C, D, E);
      assertInstanceOf(GroupDecision.Denied.class, groups.checkWrite(C, g.id(), List.of(cAddsD.id())));
    }
  }

  @Nested
  class Item11DemoteVersusAdminAction {
    @ParameterizedTest
    @MethodSource("org.walkaway.auth.AdversarialGroupsTest#resolvers")
    void aDemotedManagersAdminActionIsFilteredButTheirWritesAreNot(ConflictResolver resolver) {
      GroupDag dag = new GroupDag();
      GroupOperation g = dag.create(A, Map.of(key(B), Access.MANAGE, key(C), Access.WRITE));
      GroupOperation demoteB = dag.demote(A, g, key(B), Access.WRITE, g);
      GroupOperation bRemovesC = dag.remove(B, g, key(C), g);
      GroupOperation bAddsD = dag.add(B, g, key(D), Access.READ, g);
      Groups groups = dag.replayAllOrders(resolver, SEED, SHUFFLES);
      assertStatus(groups, Groups.Status.ACCEPTED, demoteB);
      assertStatus(groups, Groups.Status.FILTERED, bRemovesC);
      assertStatus(groups, Groups.Status.FILTERED, bAddsD);
      assertLevel(groups, g, Access.WRITE, B, C);
      assertOut(groups, g, D);
      assertInstanceOf(GroupDecision.Allowed.class, groups.checkWrite(B, g.id(), List.of(g.id())));
    }
  }

  @Nested
  class Item12ReAddRaces {
    @ParameterizedTest
    @MethodSource("org.walkaway.auth.AdversarialGroupsTest#resolvers")
    void removeConcurrentWithRemoveAndReAddKeepsTheMemberOut(ConflictResolver resolver) {
      GroupDag dag = new GroupDag();
      GroupOperation g = dag.create(A, Map.of(key(B), Access.MANAGE, key(C), Access.WRITE));
      dag.remove(A, g, key(C), g);
      GroupOperation bRemovesC = dag.remove(B, g, key(C), g);
      GroupOperation bReAddsC = dag.add(B, g, key(C), Access.WRITE, bRemovesC);
      Groups groups = dag.replayAllOrders(resolver, SEED, SHUFFLES);
      assertStatus(groups, Groups.Status.ACCEPTED, bReAddsC);
      assertOut(groups, g, C);
    }

    @ParameterizedTest
    @MethodSource("org.walkaway.auth.AdversarialGroupsTest#resolvers")
    void sequentialReAddBringsTheMemberBackButTheirConcurrentActionsStayFiltered(ConflictResolver resolver) {
      GroupDag dag = new GroupDag();
      GroupOperation g = dag.createWithManagers(A, C);
      GroupOperation removeC = dag.remove(A, g, key(C), g);
      GroupOperation reAddC = dag.add(A, g, key(C), Access.MANAGE, removeC);
      GroupOperation concurrent = dag.add(C, g, key(D), Access.READ, g);
      GroupOperation afterReAdd = dag.add(C, g, key(E), Access.READ, reAddC);
      Groups groups = dag.replayAllOrders(resolver, SEED, SHUFFLES);
      assertLevel(groups, g, Access.MANAGE, C);
      assertStatus(groups, Groups.Status.FILTERED, concurrent);
      assertStatus(groups, Groups.Status.ACCEPTED, afterReAdd);
      assertOut(groups, g, D);
      assertLevel(groups, g, Access.READ, E);
    }

    @ParameterizedTest
    @MethodSource("org.walkaway.auth.AdversarialGroupsTest#resolvers")
    void seniorityAfterAReAddCountsFromTheFirstAdd(ConflictResolver resolver) {
      GroupDag dag = new GroupDag();
      GroupOperation g = dag.createWithManagers(A);
      GroupOperation addB = dag.add(A, g, key(B), Access.MANAGE, g);
      GroupOperation addC = dag.add(A, g, key(C), Access.MANAGE, addB);
      GroupOperation removeB = dag.remove(A, g, key(B), addC);
      GroupOperation reAddB = dag.add(A, g, key(B), Access.MANAGE, removeB);
      dag.remove(B, g, key(C), reAddB);
      dag.remove(C, g, key(B), reAddB);
      Groups groups = dag.replayAllOrders(resolver, SEED, SHUFFLES);
      if (resolver == ConflictResolver.STRONG_REMOVAL) {
        assertOut(groups, g, B, C);
      } else {
        assertLevel(groups, g, Access.MANAGE, B); // first added before C, although re-added after
        assertOut(groups, g, C);
      }
    }
  }

  @Nested
  class Item13InsufficientAccess {
    @ParameterizedTest
    @MethodSource("org.walkaway.auth.AdversarialGroupsTest#resolvers")
    void addConcurrentWithThePromotionFailsInEitherOrder(ConflictResolver resolver) {
      GroupDag dag = new GroupDag();
      GroupOperation g = dag.create(A, Map.of(key(B), Access.WRITE));
      GroupOperation promote = dag.promote(A, g, key(B), Access.MANAGE, g);
      GroupOperation bAddsD = dag.add(B, g, key(D), Access.READ, g);
      for (List<GroupOperation> order : List.of(List.of(g, promote, bAddsD), List.of(g, bAddsD, promote))) {
        Groups groups = GroupDag.replay(resolver, order);
        assertStatus(groups, Groups.Status.INVALID, bAddsD);
        assertLevel(groups, g, Access.MANAGE, B);
        assertOut(groups, g, D);
      }
      // After the promotion, the same add succeeds.
      GroupOperation later = dag.add(B, g, key(D), Access.READ, promote);
      assertStatus(dag.replayAllOrders(resolver, SEED, SHUFFLES), Groups.Status.ACCEPTED, later);
    }

    @ParameterizedTest
    @MethodSource("org.walkaway.auth.AdversarialGroupsTest#resolvers")
    void readersAndOutsidersCannotChangeMembersOrWrite(ConflictResolver resolver) {
      GroupDag dag = new GroupDag();
      GroupOperation g = dag.create(A, Map.of(key(B), Access.READ));
      GroupOperation byReader = dag.add(B, g, key(C), Access.READ, g);
      GroupOperation byOutsider = dag.remove(M, g, key(A), g);
      Groups groups = dag.replayAllOrders(resolver, SEED, SHUFFLES);
      assertStatus(groups, Groups.Status.INVALID, byReader);
      assertStatus(groups, Groups.Status.INVALID, byOutsider);
      assertInstanceOf(GroupDecision.Denied.class, groups.checkWrite(B, g.id(), List.of(g.id())));
      assertInstanceOf(GroupDecision.Denied.class, groups.checkWrite(M, g.id(), List.of(g.id())));
    }
  }

  @Nested
  class Item14DeliveryOrder {
    @Test
    void operationsWithMissingDependenciesArePendingNotApplied() {
      GroupDag dag = new GroupDag();
      GroupOperation g = dag.createWithManagers(A);
      GroupOperation addB = dag.add(A, g, key(B), Access.WRITE, g);
      GroupOperation addC = dag.add(A, g, key(C), Access.WRITE, addB);
      Groups groups = new Groups(ConflictResolver.STRONG_REMOVAL, 10);
      assertEquals(Groups.Receipt.PENDING, groups.receive(addC));
      assertEquals(Groups.Receipt.PENDING, groups.receive(addB));
      assertEquals(Groups.Status.PENDING, groups.status(addC.id()));
      assertTrue(groups.state().groups().isEmpty());
      assertInstanceOf(GroupDecision.Undecided.class, groups.checkWrite(B, g.id(), List.of(addB.id())));
      assertEquals(Groups.Receipt.APPLIED, groups.receive(g));
      assertEquals(List.of(g, addB, addC), groups.lastApplied());
      assertEquals(0, groups.pendingCount());
      assertLevel(groups, g, Access.WRITE, B, C);
    }

    @Test
    void duplicateDeliveryIsIdempotent() {
      GroupDag dag = new GroupDag();
      GroupOperation g = dag.createWithManagers(A);
      GroupOperation addB = dag.add(A, g, key(B), Access.WRITE, g);
      Groups groups = dag.replay(ConflictResolver.STRONG_REMOVAL);
      GroupState before = groups.state();
      assertEquals(Groups.Receipt.DUPLICATE, groups.receive(addB));
      assertEquals(Groups.Receipt.DUPLICATE, groups.receive(g));
      assertEquals(before, groups.state());
    }

    @Test
    void thePendingBufferIsBounded() {
      GroupDag dag = new GroupDag();
      GroupOperation g = dag.createWithManagers(A);
      GroupOperation addB = dag.add(A, g, key(B), Access.WRITE, g);
      GroupOperation addC = dag.add(A, g, key(C), Access.WRITE, g);
      Groups groups = new Groups(ConflictResolver.STRONG_REMOVAL, 1);
      assertEquals(Groups.Receipt.PENDING, groups.receive(addB));
      assertEquals(Groups.Receipt.REFUSED_PENDING_FULL, groups.receive(addC));
    }

    @ParameterizedTest
    @MethodSource("org.walkaway.auth.AdversarialGroupsTest#resolvers")
    void everyPermutationOfAScenarioGivesTheSameMembership(ConflictResolver resolver) {
      GroupDag dag = new GroupDag();
      GroupOperation g = dag.createWithManagers(A, B);
      GroupOperation x = dag.remove(A, g, key(B), g);
      GroupOperation y = dag.add(B, g, key(C), Access.MANAGE, g);
      GroupOperation z = dag.add(C, g, key(D), Access.WRITE, y);
      dag.promote(A, g, key(B), Access.MANAGE, g); // invalid: already MANAGE
      dag.add(A, g, key(E), Access.READ, x, z);
      GroupState expected = dag.replay(resolver).state();
      for (List<GroupOperation> order : permutations(dag.ops)) {
        assertEquals(expected, GroupDag.replay(resolver, order).state(), order.toString());
      }
    }
  }

  @Nested
  class Item15NestedGroups {
    @ParameterizedTest
    @MethodSource("org.walkaway.auth.AdversarialGroupsTest#resolvers")
    void aDirectCycleIsRejected(ConflictResolver resolver) {
      GroupDag dag = new GroupDag();
      GroupOperation g = dag.createWithManagers(A);
      GroupOperation h = dag.create(A, Map.of(key(B), Access.READ)); // another group (another id)
      GroupOperation gHasH = dag.add(A, g, GroupDag.group(h), Access.WRITE, g, h);
      GroupOperation hHasG = dag.add(A, h, GroupDag.group(g), Access.WRITE, gHasH);
      GroupOperation gHasG = dag.add(A, g, GroupDag.group(g), Access.WRITE, g);
      Groups groups = dag.replayAllOrders(resolver, SEED, SHUFFLES);
      assertStatus(groups, Groups.Status.ACCEPTED, gHasH);
      assertStatus(groups, Groups.Status.INVALID, hHasG);
      assertTrue(groups.reason(hHasG.id()).orElseThrow().contains("cycle"));
      assertStatus(groups, Groups.Status.INVALID, gHasG);
    }

    @ParameterizedTest
    @MethodSource("org.walkaway.auth.AdversarialGroupsTest#resolvers")
    void aConcurrentlyCreatedCycleIsBounded(ConflictResolver resolver) {
      GroupDag dag = new GroupDag();
      GroupOperation g = dag.create(A, Map.of(key(B), Access.READ));
      GroupOperation h = dag.create(C, Map.of(key(D), Access.WRITE));
      GroupOperation hInG = dag.add(A, g, GroupDag.group(h), Access.WRITE, g, h);
      GroupOperation gInH = dag.add(C, h, GroupDag.group(g), Access.READ, g, h);
      Groups groups = dag.replayAllOrders(resolver, SEED, SHUFFLES);
      assertStatus(groups, Groups.Status.ACCEPTED, hInG);
      assertStatus(groups, Groups.Status.ACCEPTED, gInH);
      // Access along simple paths only: min along the path, max over paths; nothing is amplified.
      assertLevel(groups, g, Access.WRITE, C, D);
      assertLevel(groups, g, Access.MANAGE, A);
      assertLevel(groups, h, Access.READ, A, B);
      assertEquals(4, groups.state().members(g.id()).size());
    }

    @ParameterizedTest
    @MethodSource("org.walkaway.auth.AdversarialGroupsTest#resolvers")
    void removingASubgroupKeepsMembersReachableByAnotherPath(ConflictResolver resolver) {
      GroupDag dag = new GroupDag();
      GroupOperation alice = dag.create(A, Map.of(key(E), Access.MANAGE)); // a person: devices A and E
      GroupOperation team = dag.create(D, Map.of(key(E), Access.READ));
      GroupOperation g = dag.create(C, Map.of(GroupDag.group(alice), Access.WRITE, GroupDag.group(team), Access.READ), alice, team);
      GroupOperation removeAlice = dag.remove(C, g, GroupDag.group(alice), g);
      Groups before = GroupDag.replay(resolver, List.of(alice, team, g));
      assertLevel(before, g, Access.WRITE, A, E);
      Groups groups = dag.replayAllOrders(resolver, SEED, SHUFFLES);
      assertStatus(groups, Groups.Status.ACCEPTED, removeAlice);
      assertOut(groups, g, A);
      assertLevel(groups, g, Access.READ, E, D);
    }

    @ParameterizedTest
    @MethodSource("org.walkaway.auth.AdversarialGroupsTest#resolvers")
    void aConcurrentAddToASubgroupWhileItIsNested(ConflictResolver resolver) {
      GroupDag dag = new GroupDag();
      GroupOperation alice = dag.createWithManagers(A);
      GroupOperation g = dag.createWithManagers(C);
      dag.add(A, alice, key(E), Access.MANAGE, alice); // Alice's new device
      dag.add(C, g, GroupDag.group(alice), Access.WRITE, g, alice);
      Groups groups = dag.replayAllOrders(resolver, SEED, SHUFFLES);
      assertLevel(groups, g, Access.WRITE, A, E);
    }

    @ParameterizedTest
    @MethodSource("org.walkaway.auth.AdversarialGroupsTest#resolvers")
    void aPersonsDevicesActForThePersonAndLoseAuthorityTogether(ConflictResolver resolver) {
      GroupDag dag = new GroupDag();
      GroupOperation bob = dag.create(B, Map.of(key(E), Access.MANAGE)); // Bob's devices B and E
      GroupOperation g = dag.create(A, Map.of(GroupDag.group(bob), Access.MANAGE), bob);
      GroupOperation removeBob = dag.remove(A, g, GroupDag.group(bob), g);
      GroupOperation eAddsM = dag.add(E, g, key(M), Access.WRITE, g);
      GroupOperation bAddsD = dag.add(B, g, key(D), Access.WRITE, removeBob);
      Groups groups = dag.replayAllOrders(resolver, SEED, SHUFFLES);
      assertStatus(groups, Groups.Status.FILTERED, eAddsM);
      assertStatus(groups, Groups.Status.INVALID, bAddsD);
      assertOut(groups, g, B, E, M, D);
    }
  }

  @Nested
  class Item15NestedGroupsStrongRemovalThroughNesting {
    @ParameterizedTest
    @MethodSource("org.walkaway.auth.AdversarialGroupsTest#resolvers")
    void aDeviceRemovedFromItsPersonLosesWhatThePersonGrantsEvenConcurrently(ConflictResolver resolver) {
      GroupDag dag = new GroupDag();
      GroupOperation bob = dag.create(B, Map.of(key(E), Access.MANAGE)); // Bob's devices B and E
      GroupOperation g = dag.create(A, Map.of(GroupDag.group(bob), Access.MANAGE), bob);
      GroupOperation dropE = dag.remove(B, bob, key(E), bob);            // Bob drops his lost device E
      GroupOperation eAddsM = dag.add(E, g, key(M), Access.WRITE, g);    // E acts in g, concurrently
      Groups groups = dag.replayAllOrders(resolver, SEED, SHUFFLES);
      assertStatus(groups, Groups.Status.ACCEPTED, dropE);
      assertStatus(groups, Groups.Status.FILTERED, eAddsM);
      assertOut(groups, g, E, M);
      assertLevel(groups, g, Access.MANAGE, B);
      // E's data write concurrent with the removal is refused too.
      GroupDecision write = groups.checkWrite(E, g.id(), List.of(g.id()));
      assertTrue(write instanceof GroupDecision.Denied d && d.reason().contains("does not causally follow"), write.toString());
    }
  }

  private static List<List<GroupOperation>> permutations(List<GroupOperation> items) {
    if (items.size() <= 1) {
      return List.of(List.copyOf(items));
    }
    List<List<GroupOperation>> all = new java.util.ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      List<GroupOperation> rest = new java.util.ArrayList<>(items);
      GroupOperation head = rest.remove(i);
      for (List<GroupOperation> tail : permutations(rest)) {
        List<GroupOperation> p = new java.util.ArrayList<>();
        p.add(head);
        p.addAll(tail);
        all.add(p);
      }
    }
    return all;
  }

  static Hash id(GroupOperation op) {
    return op.id();
  }
}
