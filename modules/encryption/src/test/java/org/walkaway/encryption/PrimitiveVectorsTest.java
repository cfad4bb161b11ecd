package org.walkaway.encryption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.walkaway.core.InsecureSecretAccess;
import org.walkaway.core.Verdict;
import org.walkaway.encryption.Vectors.WycheproofCase;
import org.walkaway.encryption.internal.Aead;
import org.walkaway.encryption.internal.Hkdf;

/**
 * Runs the module's primitives (as this module wraps them) against Wycheproof and the RFC known
 * answers in {@code conformance/vectors}: one dynamic test per vector. Every "valid" vector must
 * pass, every "invalid" one must fail; for X25519's "acceptable" vectors the policy is: the result
 * must match when it is not all zero, and an all-zero shared secret is refused.
 */
class PrimitiveVectorsTest {
  private static final HexFormat HEX = HexFormat.of();

  @TestFactory
  Stream<DynamicTest> x25519() {
    List<WycheproofCase> cases = Vectors.wycheproof("x25519_test.json");
    assertEquals(518, cases.size());
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> checkX25519(c)));
  }

  private static void checkX25519(WycheproofCase c) {
    byte[] shared = c.hex("shared");
    X25519SecretKey key = X25519SecretKey.fromBytes(c.hex("private"));
    Verdict<SymmetricKey> verdict = key.agree(X25519PublicKey.of(c.hex("public")));
    boolean allZero = Arrays.equals(shared, new byte[32]);
    switch (c.result()) {
      case "valid" -> assertArrayEquals(shared, secret(verdict), c.name());
      case "acceptable" -> {
        if (allZero) {
          Verdict.Rejected<SymmetricKey> rejected = assertRejected(verdict, c.name());
          assertEquals(Optional.of(EncryptionFailure.LOW_ORDER_POINT), EncryptionFailure.of(rejected.rejection()));
        } else {
          assertArrayEquals(shared, secret(verdict), c.name());
        }
      }
      default -> fail("X25519 has no invalid vectors, got " + c.name());
    }
  }

  @TestFactory
  Stream<DynamicTest> chacha20Poly1305() {
    List<WycheproofCase> cases = Vectors.wycheproof("chacha20_poly1305_test.json");
    assertEquals(325, cases.size());
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> checkAead(Aead.CHACHA20_POLY1305, c)));
  }

  @TestFactory
  Stream<DynamicTest> xchacha20Poly1305() {
    List<WycheproofCase> cases = Vectors.wycheproof("xchacha20_poly1305_test.json");
    assertEquals(315, cases.size());
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> checkAead(Aead.XCHACHA20_POLY1305, c)));
  }

  private static void checkAead(Aead aead, WycheproofCase c) {
    byte[] key = c.hex("key");
    byte[] nonce = c.hex("iv");
    byte[] aad = c.hex("aad");
    byte[] msg = c.hex("msg");
    byte[] sealed = concat(c.hex("ct"), c.hex("tag"));
    boolean sizesSupported = key.length == Aead.KEY_LENGTH && nonce.length == aead.nonceLength()
        && c.group().get("tagSize").asInt() == 8 * Aead.TAG_LENGTH;
    switch (c.result()) {
      case "valid" -> {
        assertTrue(sizesSupported, c.name());
        assertArrayEquals(sealed, aead.seal(key, nonce, aad, msg), "seal " + c.name());
        assertArrayEquals(msg, aead.open(key, nonce, aad, sealed).orElseThrow(), "open " + c.name());
      }
      case "invalid" -> {
        if (!sizesSupported) {
          // A key or nonce of another size is a caller's bug here: the wrapper refuses it outright.
          assertThrowsIllegalArgument(() -> aead.open(key, nonce, aad, sealed), c.name());
        } else {
          assertFalse(aead.open(key, nonce, aad, sealed).isPresent(), c.name());
        }
      }
      default -> fail("unexpected result " + c.name());
    }
  }

  @TestFactory
  Stream<DynamicTest> hkdfSha256() {
    List<WycheproofCase> cases = Vectors.wycheproof("hkdf_sha256_test.json");
    assertEquals(86, cases.size());
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
      int size = c.test().get("size").asInt();
      switch (c.result()) {
        case "valid" -> assertArrayEquals(c.hex("okm"), Hkdf.derive(c.hex("salt"), c.hex("ikm"), c.hex("info"), size), c.name());
        case "invalid" -> assertThrowsIllegalArgument(() -> Hkdf.derive(c.hex("salt"), c.hex("ikm"), c.hex("info"), size), c.name());
        default -> fail("unexpected result " + c.name());
      }
    }));
  }

  @Test
  void x25519Rfc7748Section6_1() {
    JsonNode v = Vectors.read("rfc-kats.json").get("x25519_rfc7748_sec6_1");
    X25519SecretKey alice = X25519SecretKey.fromBytes(Vectors.hex(v.get("alice_priv")));
    X25519SecretKey bob = X25519SecretKey.fromBytes(Vectors.hex(v.get("bob_priv")));
    assertEquals(X25519PublicKey.of(Vectors.hex(v.get("alice_pub"))), alice.publicKey());
    assertEquals(X25519PublicKey.of(Vectors.hex(v.get("bob_pub"))), bob.publicKey());
    byte[] shared = Vectors.hex(v.get("shared"));
    assertArrayEquals(shared, secret(alice.agree(bob.publicKey())));
    assertArrayEquals(shared, secret(bob.agree(alice.publicKey())));
  }

  /** RFC 7748 §5.2: k = u = 9; repeat (k, u) = (X25519(k, u), k). After 1 and 1000 rounds. */
  @Test
  void x25519Rfc7748Section5_2Iterated() {
    JsonNode v = Vectors.read("rfc-kats.json").get("x25519_rfc7748_sec5_2_iterated");
    byte[] k = new byte[32];
    k[0] = 9;
    byte[] u = k.clone();
    for (int round = 1; round <= 1000; round++) {
      byte[] next = secret(X25519SecretKey.fromBytes(k).agree(X25519PublicKey.of(u)));
      u = k;
      k = next;
      if (round == 1) {
        assertEquals(v.get("after_1").asText(), HEX.formatHex(k));
      }
    }
    assertEquals(v.get("after_1000").asText(), HEX.formatHex(k));
  }

  /**
   * HChaCha20 (draft-irtf-cfrg-xchacha §2.2.1) is not a separate call in Bouncy Castle; it is the
   * first step of XChaCha20. The draft defines XChaCha20-Poly1305(K, N16 || N8) as
   * ChaCha20-Poly1305(HChaCha20(K, N16), 0^4 || N8), so the known subkey must make the two agree.
   */
  @Test
  void hchacha20SubkeyThroughXChaCha() {
    JsonNode v = Vectors.read("rfc-kats.json").get("hchacha20_draft_irtf_cfrg_xchacha_sec2_2_1");
    byte[] key = Vectors.hex(v.get("key"));
    byte[] nonce16 = Vectors.hex(v.get("nonce16"));
    byte[] subkey = Vectors.hex(v.get("subkey"));
    byte[] nonce8 = HEX.parseHex("0102030405060708");
    byte[] aad = "associated".getBytes();
    byte[] msg = "a message of some length, to cover more than one block of the keystream......".getBytes();
    byte[] viaX = Aead.XCHACHA20_POLY1305.seal(key, concat(nonce16, nonce8), aad, msg);
    byte[] viaSubkey = Aead.CHACHA20_POLY1305.seal(subkey, concat(new byte[4], nonce8), aad, msg);
    assertArrayEquals(viaSubkey, viaX);
    byte[] wrongSubkey = subkey.clone();
    wrongSubkey[0] ^= 1;
    assertFalse(Arrays.equals(viaX, Aead.CHACHA20_POLY1305.seal(wrongSubkey, concat(new byte[4], nonce8), aad, msg)));
  }

  @Test
  void hkdfRfc5869A1WithPrk() {
    JsonNode v = Vectors.read("rfc-kats.json").get("hkdf_sha256_rfc5869_A1");
    byte[] prk = Hkdf.extract(Vectors.hex(v.get("salt")), Vectors.hex(v.get("ikm")));
    assertEquals(v.get("prk").asText(), HEX.formatHex(prk));
    assertEquals(v.get("okm").asText(), HEX.formatHex(Hkdf.expand(prk, Vectors.hex(v.get("info")), v.get("L").asInt())));
  }

  static byte[] secret(Verdict<SymmetricKey> verdict) {
    return verdict.orElseThrow().bytes(InsecureSecretAccess.get());
  }

  static <T> Verdict.Rejected<T> assertRejected(Verdict<T> verdict, String message) {
    if (verdict instanceof Verdict.Rejected<T> rejected) {
      return rejected;
    }
    return fail("expected a rejection: " + message);
  }

  private static void assertThrowsIllegalArgument(Runnable action, String message) {
    try {
      action.run();
      fail("expected IllegalArgumentException: " + message);
    } catch (IllegalArgumentException expected) {
      // the wrapper refused it
    }
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
