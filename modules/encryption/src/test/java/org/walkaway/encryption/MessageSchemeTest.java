package org.walkaway.encryption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.walkaway.encryption.PrekeyBundleTest.assertFailure;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.walkaway.core.Bytes;
import org.walkaway.core.InsecureSecretAccess;
import org.walkaway.core.LogId;
import org.walkaway.core.PublicKey;
import org.walkaway.core.SigningKey;
import org.walkaway.core.Verdict;
import org.walkaway.encryption.internal.RatchetKdf;

/** The message scheme: per-sender ratchets, catalogue items 19 (FS), 20 (no history) and 22 (AEAD misuse). */
class MessageSchemeTest {
  static final LogId CHAT = LogId.ofTopic("chat");

  private final SplittableRandom random = new SplittableRandom(19);
  private final PublicKey alice = SigningKey.generate(random).publicKey();
  private final PublicKey bob = SigningKey.generate(random).publicKey();
  private final PublicKey carol = SigningKey.generate(random).publicKey();

  /** Alice sending at generation 0, Bob receiving it. */
  private record Pair(MessageScheme sender, MessageScheme receiver) {}

  private Pair pair(RatchetLimits limits) {
    SymmetricKey secret = SymmetricKey.generate(random);
    MessageScheme sender = new MessageScheme(alice, limits);
    sender.startSending(0, secret);
    MessageScheme receiver = new MessageScheme(bob, limits);
    assertTrue(receiver.addSender(alice, 0, secret));
    return new Pair(sender, receiver);
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private List<Bytes> sealMany(MessageScheme sender, int count) {
    List<Bytes> sealed = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      sealed.add(sender.seal(CHAT, i, text("message " + i), random));
    }
    return sealed;
  }

  @Test
  void roundTripsInOrderAndBindsTheEnvelopeToItsPlace() {
    Pair p = pair(RatchetLimits.DEFAULT);
    for (int i = 0; i < 5; i++) {
      Bytes sealed = p.sender().seal(CHAT, i, text("hello " + i), random);
      MessageEnvelope envelope = MessageEnvelopeCodec.decode(sealed).orElseThrow();
      assertEquals(0, envelope.generation());
      assertEquals(i, envelope.counter());
      assertArrayEquals(text("hello " + i), p.receiver().open(alice, CHAT, i, sealed).orElseThrow());
    }
    assertArrayEquals(new byte[0], p.receiver().open(alice, CHAT, 5, p.sender().seal(CHAT, 5, new byte[0], random)).orElseThrow());
  }

  @Test
  void sealingWithoutAGenerationIsABug() {
    MessageScheme scheme = new MessageScheme(alice, RatchetLimits.DEFAULT);
    assertThrows(IllegalStateException.class, () -> scheme.seal(CHAT, 0, text("x"), random));
    scheme.startSending(3, SymmetricKey.generate(random));
    assertThrows(IllegalArgumentException.class, () -> scheme.startSending(3, SymmetricKey.generate(random)));
  }

  // ---- catalogue 19: ratchet forward secrecy -------------------------------------------------

  @Test
  void catalogue19_aMessageKeyIsUnusableAfterFirstUse() {
    Pair p = pair(RatchetLimits.DEFAULT);
    Bytes first = p.sender().seal(CHAT, 0, text("once"), random);
    Bytes second = p.sender().seal(CHAT, 1, text("twice"), random);
    // Out of order, so that message 0's key sits among the skipped keys before it is used.
    assertArrayEquals(text("twice"), p.receiver().open(alice, CHAT, 1, second).orElseThrow());
    assertArrayEquals(text("once"), p.receiver().open(alice, CHAT, 0, first).orElseThrow());
    assertFailure(EncryptionFailure.REPLAYED, p.receiver().open(alice, CHAT, 0, first));
    assertFailure(EncryptionFailure.REPLAYED, p.receiver().open(alice, CHAT, 1, second));

    // The key handed to an accepted attempt is zeroed at once, and a used one is never handed out again.
    SymmetricKey seed = SymmetricKey.generate(random);
    ReceivingChain chain = ReceivingChain.seed(alice, 0, seed, RatchetLimits.DEFAULT);
    AtomicReference<SymmetricKey> seen = new AtomicReference<>();
    assertTrue(chain.open(3, key -> {
      seen.set(key);
      return Verdict.accepted("ok");
    }).isAccepted());
    assertTrue(seen.get().isDestroyed());
    assertEquals(3, chain.skippedKeyCount());
    assertTrue(chain.open(2, key -> {
      seen.set(key);
      return Verdict.accepted("ok");
    }).isAccepted());
    assertTrue(seen.get().isDestroyed());
    assertEquals(2, chain.skippedKeyCount());
    assertFailure(EncryptionFailure.REPLAYED, chain.open(2, key -> Verdict.accepted("again")));
  }

  @Test
  void catalogue19_aStolenSendingChainOpensNothingSentBeforeTheTheft() {
    SymmetricKey seed = SymmetricKey.generate(random);
    SendingChain chain = SendingChain.seed(alice, 0, seed);
    List<byte[]> usedKeys = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      MessageKey key = chain.next();
      usedKeys.add(key.key().bytes(InsecureSecretAccess.get()));
      key.destroy();
      assertTrue(key.isDestroyed());
    }
    // The thief gets the chain key as it is now and runs the KDF forward as far as it likes.
    byte[] stolen = chain.chainKey(InsecureSecretAccess.get());
    for (int step = 0; step < 50; step++) {
      byte[][] next = RatchetKdf.step(stolen);
      for (byte[] used : usedKeys) {
        assertFalse(Arrays.equals(used, next[1]), "step " + step + " gave back an earlier message key");
      }
      stolen = next[0];
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void catalogue19_outOfOrderDecryptionInsideTheToleranceSucceeds(long seed) {
    Random shuffle = new Random(seed);
    Pair p = pair(new RatchetLimits(64, 64, 2));
    List<Bytes> sealed = sealMany(p.sender(), 60);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < sealed.size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, shuffle);
    for (int i : order) {
      assertArrayEquals(text("message " + i), p.receiver().open(alice, CHAT, i, sealed.get(i)).orElseThrow(),
          "seed " + seed + ", order " + order);
    }
    for (int i : order) {
      assertFailure(EncryptionFailure.REPLAYED, p.receiver().open(alice, CHAT, i, sealed.get(i)));
    }
  }

  @Test
  void catalogue19_beyondMaximumForwardDistanceItIsRejected() {
    Pair p = pair(new RatchetLimits(10, 100, 2));
    List<Bytes> sealed = sealMany(p.sender(), 30);
    assertFailure(EncryptionFailure.BEYOND_FORWARD_DISTANCE, p.receiver().open(alice, CHAT, 11, sealed.get(11)));
    // The refusal changed nothing: 10 ahead still opens, and then 21 (10 ahead of 11) does too.
    assertArrayEquals(text("message 10"), p.receiver().open(alice, CHAT, 10, sealed.get(10)).orElseThrow());
    assertFailure(EncryptionFailure.BEYOND_FORWARD_DISTANCE, p.receiver().open(alice, CHAT, 22, sealed.get(22)));
    assertArrayEquals(text("message 21"), p.receiver().open(alice, CHAT, 21, sealed.get(21)).orElseThrow());
    assertArrayEquals(text("message 0"), p.receiver().open(alice, CHAT, 0, sealed.get(0)).orElseThrow());
  }

  @Test
  void onlyTheNewestSkippedKeysAreKept() {
    Pair p = pair(new RatchetLimits(100, 3, 2));
    List<Bytes> sealed = sealMany(p.sender(), 6);
    assertArrayEquals(text("message 5"), p.receiver().open(alice, CHAT, 5, sealed.get(5)).orElseThrow());
    // Keys 0..4 were skipped; only 2, 3, 4 are kept.
    assertFailure(EncryptionFailure.UNKNOWN_KEY, p.receiver().open(alice, CHAT, 0, sealed.get(0)));
    assertFailure(EncryptionFailure.UNKNOWN_KEY, p.receiver().open(alice, CHAT, 1, sealed.get(1)));
    assertArrayEquals(text("message 2"), p.receiver().open(alice, CHAT, 2, sealed.get(2)).orElseThrow());
    assertFailure(EncryptionFailure.REPLAYED, p.receiver().open(alice, CHAT, 2, sealed.get(2)));
    assertArrayEquals(text("message 4"), p.receiver().open(alice, CHAT, 4, sealed.get(4)).orElseThrow());
  }

  @Test
  void catalogue19_pcsHeal_aSnapshotOfTheReceiverOpensNothingOfTheNextGeneration() {
    SymmetricKey generation0 = SymmetricKey.generate(random);
    MessageScheme sender = new MessageScheme(alice, RatchetLimits.DEFAULT);
    sender.startSending(0, generation0);
    MessageScheme receiver = new MessageScheme(bob, RatchetLimits.DEFAULT);
    receiver.addSender(alice, 0, generation0);
    // The attacker's copy of Bob's state: the same seed and the same messages give the same state.
    MessageScheme snapshot = new MessageScheme(bob, RatchetLimits.DEFAULT);
    snapshot.addSender(alice, 0, generation0);
    for (int i = 0; i < 3; i++) {
      Bytes sealed = sender.seal(CHAT, i, text("before " + i), random);
      assertTrue(receiver.open(alice, CHAT, i, sealed).isAccepted());
      assertTrue(snapshot.open(alice, CHAT, i, sealed).isAccepted());
    }
    // Alice updates: a fresh update secret for generation 1 reaches Bob, not the attacker.
    SymmetricKey generation1 = SymmetricKey.generate(random);
    sender.startSending(1, generation1);
    receiver.addSender(alice, 1, generation1);
    for (int i = 3; i < 8; i++) {
      Bytes sealed = sender.seal(CHAT, i, text("after " + i), random);
      assertArrayEquals(text("after " + i), receiver.open(alice, CHAT, i, sealed).orElseThrow());
      assertFailure(EncryptionFailure.UNKNOWN_KEY, snapshot.open(alice, CHAT, i, sealed));
      // Nor does any key the old chain can still derive, when the envelope claims the old generation.
      MessageEnvelope envelope = MessageEnvelopeCodec.decode(sealed).orElseThrow();
      for (long counter = 3; counter < 40; counter++) {
        MessageEnvelope relabelled = new MessageEnvelope(0, counter, envelope.nonce(), envelope.commitment(), envelope.ciphertext());
        assertFailure(EncryptionFailure.KEY_COMMITMENT_MISMATCH, snapshot.open(alice, CHAT, i, relabelled));
      }
    }
  }

  @Test
  void lateMessagesOfThePreviousGenerationStillOpenAndOlderOnesAreDropped() {
    SymmetricKey[] secrets = {SymmetricKey.generate(random), SymmetricKey.generate(random), SymmetricKey.generate(random)};
    MessageScheme sender = new MessageScheme(alice, RatchetLimits.DEFAULT);
    MessageScheme receiver = new MessageScheme(bob, new RatchetLimits(1000, 1000, 2));
    List<Bytes> sealed = new ArrayList<>();
    for (int generation = 0; generation < 3; generation++) {
      sender.startSending(generation, secrets[generation]);
      sealed.add(sender.seal(CHAT, generation, text("generation " + generation), random));
    }
    receiver.addSender(alice, 0, secrets[0]);
    receiver.addSender(alice, 1, secrets[1]);
    assertEquals(MessageScheme.KeyStatus.AVAILABLE, receiver.status(alice, 0));
    receiver.addSender(alice, 2, secrets[2]);
    assertEquals(MessageScheme.KeyStatus.GONE, receiver.status(alice, 0));
    assertFalse(receiver.addSender(alice, 0, secrets[0]), "a dropped generation does not come back");
    assertFailure(EncryptionFailure.UNKNOWN_KEY, receiver.open(alice, CHAT, 0, sealed.get(0)));
    assertArrayEquals(text("generation 1"), receiver.open(alice, CHAT, 1, sealed.get(1)).orElseThrow());
    assertArrayEquals(text("generation 2"), receiver.open(alice, CHAT, 2, sealed.get(2)).orElseThrow());
    assertEquals(MessageScheme.KeyStatus.NOT_YET, receiver.status(alice, 3));
  }

  // ---- catalogue 20: no history before the join -----------------------------------------------

  @Test
  void catalogue20_messageSchemeGivesNoHistoryFromBeforeTheJoin() {
    SymmetricKey beforeJoin = SymmetricKey.generate(random);
    MessageScheme aliceScheme = new MessageScheme(alice, RatchetLimits.DEFAULT);
    aliceScheme.startSending(0, beforeJoin);
    List<Bytes> history = sealMany(aliceScheme, 3);

    // Carol is added; DCGKA gives every member a new generation, and Carol only those.
    SymmetricKey afterJoin = SymmetricKey.generate(random);
    aliceScheme.startSending(1, afterJoin);
    MessageScheme carolScheme = new MessageScheme(carol, RatchetLimits.DEFAULT);
    carolScheme.addSender(alice, 1, afterJoin);
    Bytes welcome = aliceScheme.seal(CHAT, 3, text("welcome Carol"), random);

    assertEquals(MessageScheme.KeyStatus.GONE, carolScheme.status(alice, 0));
    for (int i = 0; i < history.size(); i++) {
      assertFailure(EncryptionFailure.UNKNOWN_KEY, carolScheme.open(alice, CHAT, i, history.get(i)));
      MessageEnvelope envelope = MessageEnvelopeCodec.decode(history.get(i)).orElseThrow();
      MessageEnvelope relabelled = new MessageEnvelope(1, envelope.counter(), envelope.nonce(), envelope.commitment(), envelope.ciphertext());
      assertFailure(EncryptionFailure.KEY_COMMITMENT_MISMATCH, carolScheme.open(alice, CHAT, i, relabelled));
    }
    assertArrayEquals(text("welcome Carol"), carolScheme.open(alice, CHAT, 3, welcome).orElseThrow());
  }

  // ---- catalogue 22: AEAD misuse ---------------------------------------------------------------

  @Test
  void catalogue22_aTamperedTagCiphertextOrAssociatedDataIsRejectedAndBurnsNoKey() {
    Pair p = pair(RatchetLimits.DEFAULT);
    Bytes sealed = p.sender().seal(CHAT, 4, text("the real one"), random);
    MessageEnvelope envelope = MessageEnvelopeCodec.decode(sealed).orElseThrow();
    for (int i = 0; i < sealed.length(); i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] tampered = sealed.toArray();
        tampered[i] ^= (byte) (1 << bit);
        Verdict<byte[]> verdict = p.receiver().open(alice, CHAT, 4, Bytes.of(tampered));
        assertFalse(verdict.isAccepted(), "byte " + i + " bit " + bit);
      }
    }
    // Moved to another event: author, log or sequence number.
    assertFailure(EncryptionFailure.UNKNOWN_KEY, p.receiver().open(carol, CHAT, 4, envelope));
    assertFailure(EncryptionFailure.AUTHENTICATION_FAILED, p.receiver().open(alice, LogId.ofTopic("other"), 4, envelope));
    assertFailure(EncryptionFailure.AUTHENTICATION_FAILED, p.receiver().open(alice, CHAT, 5, envelope));
    // Tag and ciphertext bytes specifically.
    byte[] ciphertext = envelope.ciphertext().toArray();
    ciphertext[ciphertext.length - 1] ^= 1;
    assertFailure(EncryptionFailure.AUTHENTICATION_FAILED, p.receiver().open(alice, CHAT, 4,
        new MessageEnvelope(0, 0, envelope.nonce(), envelope.commitment(), Bytes.of(ciphertext))));
    // None of that used up the key.
    assertArrayEquals(text("the real one"), p.receiver().open(alice, CHAT, 4, sealed).orElseThrow());
  }

  @Test
  void catalogue22_keyCommitment_anEnvelopeOpensUnderItsOwnKeyOnly() {
    Pair p = pair(RatchetLimits.DEFAULT);
    MessageScheme impostor = new MessageScheme(carol, RatchetLimits.DEFAULT);
    impostor.addSender(alice, 0, SymmetricKey.generate(random));
    Bytes sealed = p.sender().seal(CHAT, 0, text("for the group"), random);
    assertFailure(EncryptionFailure.KEY_COMMITMENT_MISMATCH, impostor.open(alice, CHAT, 0, sealed));
    assertTrue(p.receiver().open(alice, CHAT, 0, sealed).isAccepted());
  }

  @Test
  void catalogue22_nonceIsFreshEvenWhenASenderThatLostItsStateReusesACounter() {
    SymmetricKey secret = SymmetricKey.generate(random);
    MessageScheme sender = new MessageScheme(alice, RatchetLimits.DEFAULT);
    sender.startSending(0, secret);
    MessageScheme restored = new MessageScheme(alice, RatchetLimits.DEFAULT);
    restored.startSending(0, secret); // the same chain again, as after restoring an old backup
    MessageEnvelope a = MessageEnvelopeCodec.decode(sender.seal(CHAT, 0, text("same"), random)).orElseThrow();
    MessageEnvelope b = MessageEnvelopeCodec.decode(restored.seal(CHAT, 0, text("same"), random)).orElseThrow();
    assertEquals(a.counter(), b.counter());
    assertNotEquals(a.nonce(), b.nonce());
    assertNotEquals(a.commitment(), b.commitment(), "a fresh nonce gives a fresh subkey");
    assertNotEquals(a.ciphertext(), b.ciphertext());
    MessageScheme receiver = new MessageScheme(bob, RatchetLimits.DEFAULT);
    receiver.addSender(alice, 0, secret);
    assertTrue(receiver.open(alice, CHAT, 0, a).isAccepted());
    assertFailure(EncryptionFailure.REPLAYED, receiver.open(alice, CHAT, 0, b));
  }

  @Test
  void secretsAreRedactedAndDestroyable() {
    SendingChain chain = SendingChain.seed(alice, 7, SymmetricKey.generate(random));
    MessageKey key = chain.next();
    assertFalse(key.toString().contains(key.key().bytes(InsecureSecretAccess.get()).toString()));
    assertTrue(chain.toString().contains("redacted"));
    chain.destroy();
    assertThrows(IllegalStateException.class, chain::next);
    assertTrue(new String(chain.chainKey(InsecureSecretAccess.get()), StandardCharsets.ISO_8859_1).chars().allMatch(c -> c == 0));
  }
}
