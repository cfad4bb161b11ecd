package org.walkaway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.walkaway.core.SigningKey;

/** CRDT laws of {@link RevocationSet}: merge is commutative, associative and idempotent. */
class RevocationSetPropertyTest {
  private static final List<Revocation> POOL = new ArrayList<>();

  @BeforeAll
  static void pool() {
    List<SigningKey> revokers = List.of(TestKit.ALICE, TestKit.BOB, TestKit.CAROL);
    for (int i = 0; i < 12; i++) {
      Delegation d = Delegation.builder().audience(TestKit.did(TestKit.DAN)).subject(TestKit.did(TestKit.ALICE))
          .command("/c" + i).nonce(TestKit.nonce(i)).noExpiration().sign(TestKit.ALICE);
      POOL.add(Revocation.issue(revokers.get(i % 3), d.cid()));
    }
  }

  static RevocationSet random(SplittableRandom random) {
    RevocationSet set = RevocationSet.empty();
    int n = random.nextInt(POOL.size() + 1);
    for (int i = 0; i < n; i++) {
      set = set.with(POOL.get(random.nextInt(POOL.size())));
    }
    return set;
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42, 1234, 99991, 20261122})
  void mergeIsCommutativeAssociativeAndIdempotent(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    for (int round = 0; round < 50; round++) {
      RevocationSet a = random(random);
      RevocationSet b = random(random);
      RevocationSet c = random(random);
      assertEquals(a.merge(b), b.merge(a), "commutative, seed " + seed);
      assertEquals(a.merge(b).merge(c), a.merge(b.merge(c)), "associative, seed " + seed);
      assertEquals(a, a.merge(a), "idempotent, seed " + seed);
      assertEquals(a.merge(b), a.merge(b).merge(b), "idempotent after merge, seed " + seed);
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {7, 8, 9})
  void anyArrivalOrderGivesTheSameSet(long seed) {
    List<Revocation> order = new ArrayList<>(POOL);
    RevocationSet expected = RevocationSet.of(POOL);
    SplittableRandom random = new SplittableRandom(seed);
    for (int round = 0; round < 20; round++) {
      Collections.shuffle(order, new java.util.Random(random.nextLong()));
      RevocationSet set = RevocationSet.empty();
      for (Revocation r : order) {
        set = set.with(r).with(r); // duplicates change nothing
      }
      assertEquals(expected, set, "seed " + seed);
    }
  }

  @Test
  void mergingASubsetReturnsTheSameInstance() {
    RevocationSet all = RevocationSet.of(POOL);
    assertSame(all, all.merge(RevocationSet.of(POOL.subList(0, 3))));
    assertEquals(POOL.size(), all.size());
  }

  @Test
  void revocationsRoundTripThroughTheirBytes() {
    for (Revocation r : POOL) {
      assertEquals(r, Revocation.decode(r.token().toArray()).orThrow());
    }
  }
}
