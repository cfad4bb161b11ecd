package org.walkaway.encryption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.walkaway.core.Bytes;
import org.walkaway.core.Signature;
import org.walkaway.core.SigningKey;
import org.walkaway.core.Verdict;

class PrekeyBundleTest {
  private final SplittableRandom random = new SplittableRandom(6);
  private final Fixtures bob = Fixtures.peer(random);

  @Test
  void aFreshBundleVerifies() {
    bob.local().generateOneTimePrekeys(3);
    PrekeyBundle bundle = bob.local().bundle(2);
    assertEquals(2, bundle.oneTimePrekeys().size());
    assertTrue(bundle.verify(Fixtures.NOW).isAccepted());
    assertTrue(bundle.identity().verifies());
    assertEquals(bob.signingKey().publicKey(), bundle.identity().identity());
  }

  @Test
  void aBadIdentityBindingSignatureIsRejected() {
    PrekeyBundle bundle = bob.local().bundle(0);
    IdentityBinding forged = new IdentityBinding(bundle.identity().identity(),
        X25519SecretKey.generate(random).publicKey(), bundle.identity().signature());
    assertFailure(EncryptionFailure.BAD_SIGNATURE, new PrekeyBundle(forged, bundle.signedPrekey(), List.of()).verify(Fixtures.NOW));
  }

  @Test
  void aSignedPrekeySignedBySomeoneElseIsRejected() {
    PrekeyBundle bundle = bob.local().bundle(0);
    SignedPrekey original = bundle.signedPrekey();
    SignedPrekey byMallory = SignedPrekey.sign(SigningKey.generate(random), original.id(), original.key(),
        original.notBefore(), original.notAfter());
    assertFailure(EncryptionFailure.BAD_SIGNATURE, new PrekeyBundle(bundle.identity(), byMallory, List.of()).verify(Fixtures.NOW));
    // and a lifetime stretched after signing
    SignedPrekey stretched = new SignedPrekey(original.id(), original.key(), original.notBefore(),
        original.notAfter().plus(Fixtures.WEEK), original.signature());
    assertFailure(EncryptionFailure.BAD_SIGNATURE, new PrekeyBundle(bundle.identity(), stretched, List.of()).verify(Fixtures.NOW));
    SignedPrekey flipped = new SignedPrekey(original.id(), original.key(), original.notBefore(), original.notAfter(),
        new Signature(flip(original.signature().bytes())));
    assertFailure(EncryptionFailure.BAD_SIGNATURE, new PrekeyBundle(bundle.identity(), flipped, List.of()).verify(Fixtures.NOW));
  }

  @Test
  void anExpiredOrNotYetValidBundleIsRejected() {
    PrekeyBundle bundle = bob.local().bundle(0);
    assertFailure(EncryptionFailure.EXPIRED, bundle.verify(bundle.signedPrekey().notAfter()));
    assertFailure(EncryptionFailure.EXPIRED, bundle.verify(Fixtures.NOW.plus(Fixtures.WEEK).plusSeconds(3600)));
    assertFailure(EncryptionFailure.EXPIRED, bundle.verify(bundle.signedPrekey().notBefore().minusSeconds(1)));
    assertTrue(bundle.verify(bundle.signedPrekey().notBefore()).isAccepted());
  }

  @Test
  void rotationNeedsTheRightSigningKey() {
    assertThrows(IllegalArgumentException.class,
        () -> bob.local().rotateSignedPrekey(SigningKey.generate(random), Fixtures.NOW, Fixtures.WEEK));
  }

  static Bytes flip(Bytes bytes) {
    byte[] array = bytes.toArray();
    array[0] ^= 1;
    return Bytes.of(array);
  }

  static void assertFailure(EncryptionFailure expected, Verdict<?> verdict) {
    Verdict.Rejected<?> rejected = PrimitiveVectorsTest.assertRejected(verdict, "expected " + expected);
    assertEquals(Optional.of(expected), EncryptionFailure.of(rejected.rejection()), rejected.rejection().toString());
  }
}
