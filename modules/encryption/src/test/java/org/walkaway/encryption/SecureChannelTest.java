package org.walkaway.encryption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.walkaway.encryption.PrekeyBundleTest.assertFailure;
import static org.walkaway.encryption.PrekeyBundleTest.flip;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.walkaway.core.Bytes;
import org.walkaway.core.Verdict;

class SecureChannelTest {
  private final SplittableRandom random = new SplittableRandom(66);
  private final Fixtures alice = Fixtures.peer(random);
  private final Fixtures bob = Fixtures.peer(random);
  private final Fixtures carol = Fixtures.peer(random);

  @Test
  void x3dhAgreesOnTheKeyWithAndWithoutAOneTimePrekey() {
    bob.local().generateOneTimePrekeys(1);
    for (int oneTime : new int[] {1, 0}) {
      X3dh.Initiation initiation = X3dh.initiate(alice.local(), bob.local().bundle(oneTime), Fixtures.NOW, random).orElseThrow();
      assertEquals(oneTime == 1, initiation.header().oneTimePrekeyId().isPresent());
      X3dh.Response response = bob.local().respond(initiation.header()).orElseThrow();
      assertEquals(initiation.sharedKey(), response.sharedKey());
      assertEquals(initiation.associatedData(), response.associatedData());
      assertEquals(alice.signingKey().publicKey(), response.initiator().identity());
    }
    assertEquals(0, bob.local().unusedOneTimePrekeys());
  }

  @Test
  void aOneTimePrekeyUsedTwiceMakesTheSecondHandshakeFail() {
    bob.local().generateOneTimePrekeys(1);
    PrekeyBundle bundle = bob.local().bundle(1);
    X3dh.Initiation first = X3dh.initiate(alice.local(), bundle, Fixtures.NOW, random).orElseThrow();
    X3dh.Initiation second = X3dh.initiate(carol.local(), bundle, Fixtures.NOW, random).orElseThrow();
    assertTrue(bob.local().respond(first.header()).isAccepted());
    assertFailure(EncryptionFailure.UNKNOWN_PREKEY, bob.local().respond(second.header()));
  }

  @Test
  void aReplayedHandshakeIsRejectedEvenWithoutAOneTimePrekey() {
    X3dh.Initiation initiation = X3dh.initiate(alice.local(), bob.local().bundle(0), Fixtures.NOW, random).orElseThrow();
    assertTrue(bob.local().respond(initiation.header()).isAccepted());
    assertFailure(EncryptionFailure.REPLAYED, bob.local().respond(initiation.header()));
  }

  @Test
  void anExpiredBundleIsRefusedByTheInitiator() {
    PrekeyBundle bundle = bob.local().bundle(0);
    assertFailure(EncryptionFailure.EXPIRED, X3dh.initiate(alice.local(), bundle, Fixtures.NOW.plus(Fixtures.WEEK), random));
  }

  @Test
  void theResponderUsesThePrekeyTheHeaderNames() {
    PrekeyBundle old = bob.local().bundle(0);
    bob.local().rotateSignedPrekey(bob.signingKey(), Fixtures.NOW, Fixtures.WEEK);
    assertEquals(old.signedPrekey().id() + 1, bob.local().bundle(0).signedPrekey().id());
    // Alice still has the old bundle: Bob answers with the old signed prekey, which he still holds.
    ChannelMessage.Initial initial = SecureChannel.open(alice.local(), old, bytes("hi"), Fixtures.NOW, random).orElseThrow().message();
    assertEquals("hi", text(SecureChannel.accept(bob.local(), initial, random).orElseThrow().plaintext()));
    // Once forgotten, a handshake naming it fails.
    bob.local().forgetExpiredSignedPrekeys(old.signedPrekey().notAfter());
    ChannelMessage.Initial late = SecureChannel.open(alice.local(), old, bytes("late"), Fixtures.NOW, random).orElseThrow().message();
    assertFailure(EncryptionFailure.UNKNOWN_PREKEY, SecureChannel.accept(bob.local(), late, random));
  }

  @Test
  void aForgedHeaderIdentityIsRejected() {
    X3dh.Initiation initiation = X3dh.initiate(alice.local(), bob.local().bundle(0), Fixtures.NOW, random).orElseThrow();
    X3dhHeader header = initiation.header();
    IdentityBinding claimed = new IdentityBinding(carol.signingKey().publicKey(), header.initiator().dhKey(), header.initiator().signature());
    assertFailure(EncryptionFailure.BAD_SIGNATURE,
        bob.local().respond(new X3dhHeader(claimed, header.ephemeralKey(), header.signedPrekeyId(), OptionalLong.empty())));
  }

  @Test
  void aConversationRoundTripsAndRotatesKeys() {
    bob.local().generateOneTimePrekeys(2);
    SecureChannel.Opened opened = SecureChannel.open(alice.local(), bob.local().bundle(1), bytes("hello bob"), Fixtures.NOW, random).orElseThrow();
    SecureChannel.Accepted accepted = SecureChannel.accept(bob.local(), opened.message(), random).orElseThrow();
    assertEquals("hello bob", text(accepted.plaintext()));
    assertEquals(alice.signingKey().publicKey(), accepted.initiator());
    SecureChannel a = opened.channel();
    SecureChannel b = accepted.channel();

    ChannelMessage.Regular a0 = a.send(bytes("second, before Bob answered")).orElseThrow();
    assertEquals("second, before Bob answered", text(b.receive(a0).orElseThrow()));
    ChannelMessage.Regular b0 = b.send(bytes("hi alice")).orElseThrow();
    assertEquals(a0.nextKey(), b0.recipientKey(), "Bob seals to the newest key Alice announced");
    assertEquals("hi alice", text(a.receive(b0).orElseThrow()));
    for (int i = 0; i < 5; i++) {
      assertEquals("ping " + i, text(b.receive(a.send(bytes("ping " + i)).orElseThrow()).orElseThrow()));
      assertEquals("pong " + i, text(a.receive(b.send(bytes("pong " + i)).orElseThrow()).orElseThrow()));
    }
    assertTrue(a.heldReceiveKeys() <= 2, "old receive keys are deleted: " + a.heldReceiveKeys());
  }

  @Test
  void replayedAndTamperedMessagesAreRejected() {
    SecureChannel.Opened opened = SecureChannel.open(alice.local(), bob.local().bundle(0), bytes("x"), Fixtures.NOW, random).orElseThrow();
    SecureChannel b = SecureChannel.accept(bob.local(), opened.message(), random).orElseThrow().channel();
    SecureChannel a = opened.channel();
    ChannelMessage.Regular m = a.send(bytes("once")).orElseThrow();
    ChannelMessage.Regular tamperedCiphertext = new ChannelMessage.Regular(m.counter(), m.recipientKey(), m.nextKey(), m.enc(), flip(m.ciphertext()));
    ChannelMessage.Regular tamperedCounter = new ChannelMessage.Regular(m.counter() + 7, m.recipientKey(), m.nextKey(), m.enc(), m.ciphertext());
    ChannelMessage.Regular tamperedNext = new ChannelMessage.Regular(m.counter(), m.recipientKey(),
        X25519SecretKey.generate(random).publicKey(), m.enc(), m.ciphertext());
    for (ChannelMessage.Regular bad : List.of(tamperedCiphertext, tamperedCounter, tamperedNext)) {
      assertFailure(EncryptionFailure.AUTHENTICATION_FAILED, b.receive(bad));
    }
    assertEquals("once", text(b.receive(m).orElseThrow()));
    assertFailure(EncryptionFailure.REPLAYED, b.receive(m));
  }

  @Test
  void aTamperedFirstMessageIsRejected() {
    ChannelMessage.Initial m = SecureChannel.open(alice.local(), bob.local().bundle(0), bytes("x"), Fixtures.NOW, random).orElseThrow().message();
    assertFailure(EncryptionFailure.AUTHENTICATION_FAILED,
        SecureChannel.accept(bob.local(), new ChannelMessage.Initial(m.header(), m.nextKey(), flip(m.ciphertext())), random));
  }

  @Test
  void anAlteredCopyDoesNotShutOutTheGenuineFirstMessageAndAReplayIsRefused() {
    ChannelMessage.Initial m = SecureChannel.open(alice.local(), bob.local().bundle(0), bytes("genuine"), Fixtures.NOW, random).orElseThrow().message();
    ChannelMessage.Initial altered = new ChannelMessage.Initial(m.header(), m.nextKey(), flip(m.ciphertext()));
    assertFailure(EncryptionFailure.AUTHENTICATION_FAILED, SecureChannel.accept(bob.local(), altered, random));
    assertEquals("genuine", text(SecureChannel.accept(bob.local(), m, random).orElseThrow().plaintext()));
    assertFailure(EncryptionFailure.REPLAYED, SecureChannel.accept(bob.local(), m, random));
  }

  @Test
  void aThirdPartyCannotReadTheChannel() {
    SecureChannel.Opened opened = SecureChannel.open(alice.local(), bob.local().bundle(0), bytes("x"), Fixtures.NOW, random).orElseThrow();
    SecureChannel.accept(bob.local(), opened.message(), random).orElseThrow();
    // Carol accepts the same first message as if it were for her: her prekeys differ, so it cannot open.
    Verdict<SecureChannel.Accepted> carolTries = SecureChannel.accept(carol.local(), opened.message(), random);
    assertTrue(!carolTries.isAccepted());
  }

  /** Property: any interleaving of sends and in-order receives round-trips; seed printed on failure. */
  @RepeatedTest(5)
  void randomConversationsRoundTrip() {
    long seed = new SplittableRandom().nextLong();
    SplittableRandom r = new SplittableRandom(seed);
    Fixtures x = Fixtures.peer(r);
    Fixtures y = Fixtures.peer(r);
    SecureChannel.Opened opened = SecureChannel.open(x.local(), y.local().bundle(0), bytes("0"), Fixtures.NOW, r).orElseThrow();
    SecureChannel cx = opened.channel();
    SecureChannel cy = SecureChannel.accept(y.local(), opened.message(), r).orElseThrow().channel();
    for (int i = 0; i < 30; i++) {
      boolean fromX = r.nextBoolean();
      byte[] payload = new byte[r.nextInt(200)];
      r.nextBytes(payload);
      Verdict<Bytes> got = fromX ? cy.receive(cx.send(payload).orElseThrow()) : cx.receive(cy.send(payload).orElseThrow());
      assertEquals(Bytes.of(payload), got.orElseThrow(), "seed " + seed + " step " + i);
    }
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String text(Bytes b) {
    return new String(b.toArray(), StandardCharsets.UTF_8);
  }
}
