package org.walkaway.encryption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.walkaway.core.InsecureSecretAccess;
import org.walkaway.core.Verdict;

class SecretsTest {
  private static final byte[] KEY = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

  @Test
  void secretTypesAreFinalClassesNotRecords() {
    for (Class<?> type : new Class<?>[] {SymmetricKey.class, X25519SecretKey.class, LocalIdentity.class, SecureChannel.class}) {
      assertTrue(Modifier.isFinal(type.getModifiers()), type + " is final");
      assertFalse(type.isRecord(), type + " is not a record");
    }
  }

  @Test
  void toStringIsRedacted() {
    SymmetricKey key = SymmetricKey.fromBytes(KEY);
    assertFalse(key.toString().contains("0001020304"), key.toString());
    assertTrue(key.toString().contains("redacted"));
    X25519SecretKey dh = X25519SecretKey.fromBytes(KEY);
    assertFalse(dh.toString().contains("0001020304"), dh.toString());
    assertTrue(dh.toString().contains(dh.publicKey().toHex()), "the public key may show");
  }

  @Test
  void equalsComparesBytesAndCopiesAreIndependent() {
    byte[] bytes = KEY.clone();
    SymmetricKey a = SymmetricKey.fromBytes(bytes);
    bytes[0] = 99; // the key copied its input
    assertEquals(a, SymmetricKey.fromBytes(KEY));
    assertEquals(a.hashCode(), SymmetricKey.fromBytes(KEY).hashCode());
    byte[] other = KEY.clone();
    other[31] ^= 1;
    assertNotEquals(a, SymmetricKey.fromBytes(other));
    byte[] out = a.bytes(InsecureSecretAccess.get());
    out[0] = 42; // and hands out copies
    assertEquals(a, SymmetricKey.fromBytes(KEY));
    assertEquals(X25519SecretKey.fromBytes(KEY), X25519SecretKey.fromBytes(KEY));
  }

  @Test
  void destroyZeroesAndForbidsUse() {
    SymmetricKey key = SymmetricKey.fromBytes(KEY);
    byte[] view = key.view();
    key.destroy();
    assertTrue(key.isDestroyed());
    assertTrue(Arrays.equals(new byte[32], view), "the key bytes are zeroed");
    assertThrows(IllegalStateException.class, () -> key.bytes(InsecureSecretAccess.get()));
    assertNotEquals(key, SymmetricKey.fromBytes(new byte[32]), "a destroyed key is not the all-zero key");
    assertEquals(key, key);

    X25519SecretKey dh = X25519SecretKey.fromBytes(KEY);
    byte[] dhView = dh.view();
    dh.destroy();
    assertTrue(Arrays.equals(new byte[32], dhView));
    assertThrows(IllegalStateException.class, () -> dh.agree(X25519SecretKey.fromBytes(KEY).publicKey()));
  }

  @Test
  void allZeroSharedSecretIsRejectedWithATypedFailure() {
    X25519SecretKey key = X25519SecretKey.generate(new SplittableRandom(1));
    // u = 0 and u = 1 are points of small order: every scalar maps them to the all-zero output.
    for (String lowOrder : new String[] {"00".repeat(32), "01" + "00".repeat(31)}) {
      Verdict<SymmetricKey> verdict = key.agree(X25519PublicKey.fromHex(lowOrder));
      Verdict.Rejected<SymmetricKey> rejected = PrimitiveVectorsTest.assertRejected(verdict, lowOrder);
      assertEquals(Optional.of(EncryptionFailure.LOW_ORDER_POINT), EncryptionFailure.of(rejected.rejection()));
    }
  }

  @Test
  void agreementIsSymmetric() {
    long seed = new SplittableRandom().nextLong();
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < 20; i++) {
      X25519SecretKey a = X25519SecretKey.generate(random);
      X25519SecretKey b = X25519SecretKey.generate(random);
      assertEquals(a.agree(b.publicKey()).orElseThrow(), b.agree(a.publicKey()).orElseThrow(), "seed " + seed);
    }
  }
}
