package org.walkaway.encryption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.hpke.HPKEContext;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.walkaway.encryption.internal.Hpke;

/**
 * RFC 9180 A.2.1 (base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20-Poly1305) against the
 * module's own composition ({@link Hpke}), one dynamic test per step; and an interoperability check
 * against Bouncy Castle's independent {@code hpke.HPKE}.
 */
class HpkeVectorTest {
  private static final String FILE = "hpke-rfc9180-A2-base-x25519-sha256-chacha20poly1305.json";

  @TestFactory
  Stream<DynamicTest> rfc9180A2() {
    JsonNode v = Vectors.read(FILE).get("vector");
    assertEquals(0, v.get("mode").asInt());
    assertEquals(32, v.get("kem_id").asInt());
    assertEquals(1, v.get("kdf_id").asInt());
    assertEquals(3, v.get("aead_id").asInt());
    byte[] info = hex(v, "info");
    Hpke.Encapsulation encapsulation = Hpke.encap(hex(v, "pkRm"), hex(v, "skEm")).orElseThrow();
    List<DynamicTest> tests = new ArrayList<>();
    tests.add(DynamicTest.dynamicTest("enc", () -> assertArrayEquals(hex(v, "enc"), encapsulation.enc())));
    tests.add(DynamicTest.dynamicTest("shared_secret (encap)",
        () -> assertArrayEquals(hex(v, "shared_secret"), encapsulation.sharedSecret())));
    tests.add(DynamicTest.dynamicTest("shared_secret (decap)",
        () -> assertArrayEquals(hex(v, "shared_secret"), Hpke.decap(hex(v, "enc"), hex(v, "skRm")).orElseThrow())));
    Hpke.Context probe = Hpke.keySchedule(hex(v, "shared_secret"), info);
    tests.add(DynamicTest.dynamicTest("secret", () -> assertArrayEquals(hex(v, "secret"), probe.secret())));
    tests.add(DynamicTest.dynamicTest("key", () -> assertArrayEquals(hex(v, "key"), probe.key())));
    tests.add(DynamicTest.dynamicTest("base_nonce", () -> assertArrayEquals(hex(v, "base_nonce"), probe.baseNonce())));
    // The encryptions are numbered from 0 in order, so one sender and one receiver context walk them.
    Hpke.Context sender = Hpke.keySchedule(encapsulation.sharedSecret(), info);
    Hpke.Context receiver = Hpke.keySchedule(Hpke.decap(hex(v, "enc"), hex(v, "skRm")).orElseThrow(), info);
    int i = 0;
    for (JsonNode e : v.get("encryptions")) {
      int sequence = i++;
      tests.add(DynamicTest.dynamicTest("encryption " + sequence, () -> {
        byte[] ct = sender.seal(hex(e, "aad"), hex(e, "pt"));
        assertArrayEquals(hex(e, "ct"), ct);
        assertArrayEquals(hex(e, "pt"), receiver.open(hex(e, "aad"), hex(e, "ct")).orElseThrow());
      }));
    }
    assertEquals(2, v.get("encryptions").size());
    return tests.stream();
  }

  @Test
  void openFailsWithTheWrongAadAndDoesNotAdvance() {
    JsonNode v = Vectors.read(FILE).get("vector");
    JsonNode first = v.get("encryptions").get(0);
    Hpke.Context receiver = Hpke.keySchedule(hex(v, "shared_secret"), hex(v, "info"));
    assertFalse(receiver.open(new byte[] {1}, hex(first, "ct")).isPresent());
    assertTrue(receiver.open(hex(first, "aad"), hex(first, "ct")).isPresent());
  }

  @Test
  void lowOrderEncIsRefused() {
    JsonNode v = Vectors.read(FILE).get("vector");
    assertFalse(Hpke.decap(new byte[32], hex(v, "skRm")).isPresent());
    assertFalse(Hpke.encap(new byte[32], hex(v, "skEm")).isPresent());
  }

  /** Our composition and Bouncy Castle's own HPKE open each other's messages. */
  @Test
  void interoperatesWithBouncyCastleHpke() throws Exception {
    JsonNode v = Vectors.read(FILE).get("vector");
    HPKE bc = new HPKE(HPKE.mode_base, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_CHACHA20_POLY1305);
    AsymmetricCipherKeyPair recipient = bc.deserializePrivateKey(hex(v, "skRm"), hex(v, "pkRm"));
    byte[] info = "interop".getBytes();
    byte[] aad = "aad".getBytes();
    byte[] pt = "from walkaway to bouncy castle".getBytes();

    Hpke.Encapsulation ours = Hpke.encap(hex(v, "pkRm"), X25519SecretKey.generate().bytes(org.walkaway.core.InsecureSecretAccess.get())).orElseThrow();
    byte[] ct = Hpke.keySchedule(ours.sharedSecret(), info).seal(aad, pt);
    HPKEContext theirs = bc.setupBaseR(ours.enc(), recipient, info);
    assertArrayEquals(pt, theirs.open(aad, ct));

    var bcSender = bc.setupBaseS(recipient.getPublic(), info);
    byte[] ct2 = bcSender.seal(aad, pt);
    byte[] shared = Hpke.decap(bcSender.getEncapsulation(), hex(v, "skRm")).orElseThrow();
    assertArrayEquals(pt, Hpke.keySchedule(shared, info).open(aad, ct2).orElseThrow());
  }

  private static byte[] hex(JsonNode node, String field) {
    return Vectors.hex(node.get(field));
  }
}
