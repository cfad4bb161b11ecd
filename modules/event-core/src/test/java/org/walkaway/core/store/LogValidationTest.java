package org.walkaway.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.walkaway.core.Body;
import org.walkaway.core.Event;
import org.walkaway.core.EventBuilder;
import org.walkaway.core.Hash;
import org.walkaway.core.LogId;
import org.walkaway.core.Rejection;
import org.walkaway.core.Rejection.Reason;
import org.walkaway.core.SigningKey;

class LogValidationTest {
  private static final SigningKey ALICE = SigningKey.fromSeed(new byte[32]);
  private static final SigningKey BOB = SigningKey.fromSeed(filled(0xbb));
  private static final LogId CHAT = LogId.ofTopic("chat");

  private static byte[] filled(int value) {
    byte[] seed = new byte[32];
    java.util.Arrays.fill(seed, (byte) value);
    return seed;
  }

  private final Event zero = EventBuilder.create().logId(CHAT).body(Body.ofText("0")).sign(ALICE);
  private final Event one = EventBuilder.following(zero).body(Body.ofText("1")).sign(ALICE);
  private final Event two = EventBuilder.following(one).body(Body.ofText("2")).sign(ALICE);

  private static Reason reason(Optional<Rejection> rejection) {
    return rejection.orElseThrow(() -> new AssertionError("expected a rejection")).reason();
  }

  @Test
  void seqZeroStartsALogWhateverIsKnown() {
    assertEquals(Optional.empty(), LogValidation.check(zero, Optional.empty()));
    assertEquals(Optional.empty(), LogValidation.check(zero, Optional.of(two)));
  }

  @Test
  void theNextEventOfALogIsAccepted() {
    assertEquals(Optional.empty(), LogValidation.check(one, Optional.of(zero)));
    assertEquals(Optional.empty(), LogValidation.check(two, Optional.of(one)));
  }

  @Test
  void anUnknownPredecessorIsMissing() {
    Optional<Rejection> rejection = LogValidation.check(two, Optional.empty());
    assertEquals(Reason.MISSING_PREDECESSOR, reason(rejection));
    assertTrue(rejection.get().message().contains("seq 1"), rejection.get().message());
  }

  @Test
  void aPruningEventNeedsNoPredecessor() {
    Event pruning = EventBuilder.following(one).prune().sign(ALICE);
    assertEquals(Optional.empty(), LogValidation.check(pruning, Optional.empty()));
    assertEquals(Optional.empty(), LogValidation.check(pruning, Optional.of(one)));
  }

  @Test
  void aPruningEventWithAKnownPredecessorMustStillLinkToIt() {
    Event pruning =
        EventBuilder.create().seqNum(2, Optional.of(Hash.of(new byte[] {1}))).logId(CHAT).prune().sign(ALICE);
    assertEquals(Reason.BACKLINK_MISMATCH, reason(LogValidation.check(pruning, Optional.of(one))));
  }

  @Test
  void aPredecessorOfAnotherAuthorOrLogIsAMismatch() {
    Event bobsZero = EventBuilder.create().logId(CHAT).body(Body.ofText("0")).sign(BOB);
    assertEquals(Reason.LOG_MISMATCH, reason(LogValidation.check(one, Optional.of(bobsZero))));
    Event otherLogZero = EventBuilder.create().logId(LogId.ofTopic("other")).body(Body.ofText("0")).sign(ALICE);
    assertEquals(Reason.LOG_MISMATCH, reason(LogValidation.check(one, Optional.of(otherLogZero))));
    Event defaultLogZero = EventBuilder.create().body(Body.ofText("0")).sign(ALICE);
    assertEquals(Reason.LOG_MISMATCH, reason(LogValidation.check(one, Optional.of(defaultLogZero))));
  }

  @Test
  void aPredecessorAtAnotherPositionIsAMismatch() {
    assertEquals(Reason.LOG_MISMATCH, reason(LogValidation.check(two, Optional.of(zero))), "a gap");
    assertEquals(Reason.LOG_MISMATCH, reason(LogValidation.check(one, Optional.of(two))), "backwards");
    assertEquals(Reason.LOG_MISMATCH, reason(LogValidation.check(one, Optional.of(one))), "itself");
  }

  @Test
  void aWrongBacklinkIsAMismatch() {
    Event forgedOne =
        EventBuilder.create().seqNum(1, Optional.of(Hash.of(new byte[] {2}))).logId(CHAT).sign(ALICE);
    Optional<Rejection> rejection = LogValidation.check(forgedOne, Optional.of(zero));
    assertEquals(Reason.BACKLINK_MISMATCH, reason(rejection));
    assertTrue(rejection.get().message().contains(zero.id().toHex()), rejection.get().message());
    Event otherZero = EventBuilder.create().logId(CHAT).body(Body.ofText("another 0")).sign(ALICE);
    assertEquals(Reason.BACKLINK_MISMATCH, reason(LogValidation.check(one, Optional.of(otherZero))), "a fork's sibling");
  }
}
