package org.walkaway.encryption.dcgka;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.walkaway.encryption.dcgka.GroupHarness.Member;

/**
 * Random add/remove/update sequences, issued by random members while earlier messages are still in
 * flight (so operations are concurrent), delivered in random causal orders. Afterwards every current
 * member agrees on the members and on every sender's update secrets, and after a final round of
 * updates no removed member holds any of the new secrets.
 */
class DcgkaPropertyTest {

  static long[] seeds() {
    long[] seeds = new long[30];
    for (int i = 0; i < seeds.length; i++) {
      seeds[i] = 0x5eed_0000L + i;
    }
    return seeds;
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void randomConcurrentOperationsConverge(long seed) {
    GroupHarness group = new GroupHarness(seed);
    List<Member> initial = new ArrayList<>();
    for (int i = 0; i < 3 + group.random.nextInt(2); i++) {
      initial.add(group.newMember("m" + i));
    }
    group.create(initial.getFirst(), initial.subList(1, initial.size()).toArray(Member[]::new));
    group.deliverAll();
    int fresh = initial.size();
    for (int step = 0; step < 14; step++) {
      List<Member> issuers = group.members.values().stream()
          .filter(m -> m.dcgka.isMember() && group.joined(m)).toList();
      Member issuer = issuers.get(group.random.nextInt(issuers.size()));
      int size = issuer.dcgka.members().size();
      int choice = group.random.nextInt(3);
      if (choice == 0 && size < 6) {
        group.add(issuer, group.newMember("m" + fresh++));
      } else if (choice == 1 && size > 3) {
        List<Member> others = group.members.values().stream()
            .filter(m -> !m.equals(issuer) && issuer.dcgka.members().contains(m.key)).toList();
        group.remove(issuer, others.get(group.random.nextInt(others.size())));
      } else {
        group.update(issuer);
      }
      // Deliver only some of what is in flight, so that the next operation is concurrent with it.
      deliverSome(group, group.random.nextInt(3));
    }
    group.deliverAll();
    DcgkaTest.assertAgree(group);
    if (group.currentMembers().isEmpty()) {
      // Members removed one another concurrently and nobody is left: nothing more to check.
      assertTrue(group.members.values().stream().noneMatch(m -> m.dcgka.isMember()), "seed " + seed);
      return;
    }

    // A final round: every current member updates; the removed learn none of it.
    List<Member> removed = group.members.values().stream().filter(m -> !m.dcgka.isMember()).toList();
    Set<UpdateSecret> removedKnow = new HashSet<>();
    removed.forEach(m -> removedKnow.addAll(m.derivedInOrder));
    Member witness = group.currentMembers().getFirst();
    int mark = witness.derivedInOrder.size();
    for (Member member : group.currentMembers()) {
      group.update(member);
      group.deliverAll();
    }
    DcgkaTest.assertAgree(group);
    for (UpdateSecret secret : witness.derivedInOrder.subList(mark, witness.derivedInOrder.size())) {
      assertFalse(removedKnow.contains(secret), "a removed member knows " + secret + ", seed " + seed);
    }
  }

  private static void deliverSome(GroupHarness group, int count) {
    for (int i = 0; i < count; i++) {
      List<Member> receivers = new ArrayList<>();
      List<GroupHarness.Broadcast> messages = new ArrayList<>();
      for (Member member : group.members.values()) {
        for (GroupHarness.Broadcast broadcast : group.log) {
          if (group.deliverable(member, broadcast)) {
            receivers.add(member);
            messages.add(broadcast);
          }
        }
      }
      if (receivers.isEmpty()) {
        return;
      }
      int pick = group.random.nextInt(receivers.size());
      group.deliver(receivers.get(pick), messages.get(pick));
    }
  }
}
