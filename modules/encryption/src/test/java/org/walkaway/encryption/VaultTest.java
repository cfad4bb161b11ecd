package org.walkaway.encryption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.walkaway.encryption.PrekeyBundleTest.assertFailure;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.walkaway.core.Bytes;
import org.walkaway.encryption.internal.Argon2id;

class VaultTest {
  /** Small on purpose: the tests check behaviour, not cost. */
  private static final Argon2Settings CHEAP = new Argon2Settings(64, 1, 1);
  private final SplittableRandom random = new SplittableRandom(9);

  /** RFC 9106 §5.3: the Argon2id test vector, through the module's wrapper of Bouncy Castle. */
  @Test
  void argon2idRfc9106KnownAnswer() {
    byte[] tag = Argon2id.derive(fill(32, 0x01), fill(16, 0x02), fill(8, 0x03), fill(12, 0x04), 32, 3, 4, 32);
    assertEquals("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659", HexFormat.of().formatHex(tag));
  }

  @Test
  void wrapsAndUnwrapsEntityKeys() {
    Vault vault = Vault.create("correct horse".toCharArray(), CHEAP, random);
    SymmetricKey entityKey = SymmetricKey.generate(random);
    Bytes id = id("note-1");
    WrappedKey wrapped = vault.wrap(id, entityKey);
    assertEquals(entityKey, vault.unwrap(id, wrapped).orElseThrow());
    assertFailure(EncryptionFailure.AUTHENTICATION_FAILED, vault.unwrap(id("note-2"), wrapped));
    byte[] tampered = wrapped.bytes().toArray();
    tampered[30] ^= 1;
    assertFailure(EncryptionFailure.AUTHENTICATION_FAILED, vault.unwrap(id, new WrappedKey(Bytes.of(tampered))));
    assertFailure(EncryptionFailure.MALFORMED, vault.unwrap(id, new WrappedKey(Bytes.of(new byte[3]))));
  }

  @Test
  void lockZeroesTheMasterKeyAndUnlockNeedsThePassphrase() {
    Vault vault = Vault.create("correct horse".toCharArray(), CHEAP, random);
    SymmetricKey entityKey = SymmetricKey.generate(random);
    WrappedKey wrapped = vault.wrap(id("a"), entityKey);
    vault.lock();
    assertTrue(vault.isLocked());
    assertThrows(EncryptionException.class, () -> vault.unwrap(id("a"), wrapped));
    assertFalse(vault.unlock("wrong horse".toCharArray()));
    assertTrue(vault.isLocked());
    assertTrue(vault.unlock("correct horse".toCharArray()));
    assertEquals(entityKey, vault.unwrap(id("a"), wrapped).orElseThrow());
    assertFalse(vault.toString().contains("horse"));

    // A vault re-opened from its stored header behaves the same.
    Vault reopened = Vault.open(vault.header(), random);
    assertTrue(reopened.isLocked());
    assertTrue(reopened.unlock("correct horse".toCharArray()));
    assertEquals(entityKey, reopened.unwrap(id("a"), wrapped).orElseThrow());
  }

  @Test
  void changingThePassphraseRewrapsOnlyTheEntityKeys() {
    Vault vault = Vault.create("old pass".toCharArray(), CHEAP, random);
    Map<Bytes, WrappedKey> wrapped = new LinkedHashMap<>();
    Map<Bytes, Bytes> ciphertexts = new LinkedHashMap<>();
    for (int i = 0; i < 5; i++) {
      Bytes id = id("entity-" + i);
      SymmetricKey key = SymmetricKey.generate(random);
      wrapped.put(id, vault.wrap(id, key));
      ciphertexts.put(id, EntityCipher.seal(key, id, ("data " + i).getBytes(StandardCharsets.UTF_8), random));
    }
    Map<Bytes, Bytes> before = Map.copyOf(ciphertexts);
    VaultHeader oldHeader = vault.header();

    assertFailure(EncryptionFailure.AUTHENTICATION_FAILED, vault.changePassphrase("not it".toCharArray(), "new".toCharArray(), wrapped));
    assertEquals(oldHeader, vault.header(), "a failed change changes nothing");

    Map<Bytes, WrappedKey> rewrapped = vault.changePassphrase("old pass".toCharArray(), "new pass".toCharArray(), wrapped).orElseThrow();
    assertNotEquals(oldHeader, vault.header());
    assertEquals(wrapped.keySet(), rewrapped.keySet());
    assertEquals(before, ciphertexts, "entity ciphertexts are untouched");

    Vault reopened = Vault.open(vault.header(), random);
    assertFalse(reopened.unlock("old pass".toCharArray()));
    assertTrue(reopened.unlock("new pass".toCharArray()));
    for (Map.Entry<Bytes, Bytes> entry : ciphertexts.entrySet()) {
      SymmetricKey key = reopened.unwrap(entry.getKey(), rewrapped.get(entry.getKey())).orElseThrow();
      String index = new String(entry.getKey().toArray(), StandardCharsets.UTF_8).substring("entity-".length());
      assertArrayEquals(("data " + index).getBytes(StandardCharsets.UTF_8), EntityCipher.open(key, entry.getKey(), entry.getValue()).orElseThrow());
      // The old wrapping no longer opens under the new master key.
      assertFailure(EncryptionFailure.AUTHENTICATION_FAILED, reopened.unwrap(entry.getKey(), wrapped.get(entry.getKey())));
    }
  }

  @Test
  void entityDataIsBoundToItsEntity() {
    SymmetricKey key = SymmetricKey.generate(random);
    Bytes sealed = EntityCipher.seal(key, id("x"), new byte[] {1, 2, 3}, random);
    assertArrayEquals(new byte[] {1, 2, 3}, EntityCipher.open(key, id("x"), sealed).orElseThrow());
    assertFailure(EncryptionFailure.AUTHENTICATION_FAILED, EntityCipher.open(key, id("y"), sealed));
    assertFailure(EncryptionFailure.AUTHENTICATION_FAILED, EntityCipher.open(SymmetricKey.generate(random), id("x"), sealed));
  }

  @Test
  void settingsAreValidated() {
    assertThrows(IllegalArgumentException.class, () -> new Argon2Settings(7, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new Argon2Settings(64, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new Argon2Settings(64, 1, 0));
    assertEquals(new Argon2Settings(65536, 3, 4), Argon2Settings.recommended());
  }

  private static Bytes id(String s) {
    return Bytes.of(s.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] fill(int length, int value) {
    byte[] out = new byte[length];
    java.util.Arrays.fill(out, (byte) value);
    return out;
  }
}
