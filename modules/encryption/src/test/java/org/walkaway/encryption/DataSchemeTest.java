package org.walkaway.encryption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.walkaway.encryption.PrekeyBundleTest.assertFailure;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.walkaway.core.Bytes;
import org.walkaway.core.LogId;
import org.walkaway.core.PublicKey;
import org.walkaway.core.SigningKey;

/** The data-scheme skeleton: rotation on removal, history for newcomers, future-dated secrets. */
class DataSchemeTest {
  private static final Instant T0 = Instant.parse("2026-11-22T00:00:00Z");
  private static final Duration SKEW = Duration.ofMinutes(5);
  private static final LogId LOG = LogId.ofTopic("group");
  private final SplittableRandom random = new SplittableRandom(7);
  private final PublicKey a = SigningKey.generate(random).publicKey();
  private final PublicKey b = SigningKey.generate(random).publicKey();
  private final PublicKey c = SigningKey.generate(random).publicKey();

  @Test
  void aRemovedMemberCannotReadWhatIsSealedAfterTheRotation() {
    DataScheme alice = new DataScheme(a, SKEW);
    DataScheme bob = new DataScheme(b, SKEW);
    DataScheme carol = new DataScheme(c, SKEW);
    GroupSecret first = alice.rotate(T0, random);
    bob.add(first);
    carol.add(first);
    Bytes before = alice.seal(a, LOG, 0, "before".getBytes(), T0, random);
    BodyContext beforeContext = new BodyContext(a, LOG, 0, first.id());
    assertArrayEquals("before".getBytes(), carol.open(beforeContext, before).orElseThrow());

    // Carol is removed: Alice rotates and gives the new secret to Bob only.
    GroupSecret second = alice.rotate(T0.plusSeconds(60), random);
    bob.add(second);
    Bytes after = alice.seal(a, LOG, 1, "after".getBytes(), T0.plusSeconds(60), random);
    BodyContext afterContext = new BodyContext(a, LOG, 1, second.id());
    assertArrayEquals("after".getBytes(), bob.open(afterContext, after).orElseThrow());
    assertFailure(EncryptionFailure.UNKNOWN_KEY, carol.open(afterContext, after));
  }

  @Test
  void aNewcomerGetsTheHistoryOnlyWhenAsked() {
    DataScheme alice = new DataScheme(a, SKEW);
    GroupSecret first = alice.rotate(T0, random);
    Bytes old = alice.seal(a, LOG, 0, "old".getBytes(), T0, random);
    GroupSecret second = alice.rotate(T0.plusSeconds(1), random);

    DataScheme withHistory = new DataScheme(b, SKEW);
    alice.forNewcomer(true, T0.plusSeconds(2)).forEach(withHistory::add);
    assertArrayEquals("old".getBytes(), withHistory.open(new BodyContext(a, LOG, 0, first.id()), old).orElseThrow());

    DataScheme withoutHistory = new DataScheme(c, SKEW);
    alice.forNewcomer(false, T0.plusSeconds(2)).forEach(withoutHistory::add);
    assertEquals(second.id(), withoutHistory.newest(T0.plusSeconds(2)).orElseThrow().id());
    assertFailure(EncryptionFailure.UNKNOWN_KEY, withoutHistory.open(new BodyContext(a, LOG, 0, first.id()), old));
  }

  @Test
  void aFarFutureSecretIsNotChosenAsNewest() {
    DataScheme bob = new DataScheme(b, SKEW);
    GroupSecret honest = bob.rotate(T0, random);
    GroupSecret pinned = new GroupSecret(KeyId.of(new byte[] {9}), SymmetricKey.generate(random), c,
        T0.plus(Duration.ofDays(365)).toEpochMilli());
    bob.add(pinned);
    assertEquals(honest.id(), bob.newest(T0.plusSeconds(1)).orElseThrow().id());
    // Within the skew bound it counts.
    GroupSecret soon = new GroupSecret(KeyId.of(new byte[] {8}), SymmetricKey.generate(random), c,
        T0.plus(Duration.ofMinutes(4)).toEpochMilli());
    bob.add(soon);
    assertEquals(soon.id(), bob.newest(T0).orElseThrow().id());
  }
}
