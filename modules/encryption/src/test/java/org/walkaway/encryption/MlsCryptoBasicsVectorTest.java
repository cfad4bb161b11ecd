package org.walkaway.encryption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.walkaway.core.Bytes;
import org.walkaway.core.PublicKey;
import org.walkaway.core.Signature;
import org.walkaway.core.SigningKey;
import org.walkaway.encryption.internal.Dh;
import org.walkaway.encryption.internal.Hkdf;
import org.walkaway.encryption.internal.Hpke;

/**
 * The MLS interop "crypto-basics" vectors (mlswg/mls-implementations, {@code
 * conformance/vectors/mls/crypto-basics.json}): RFC 9420's labeled constructions over the
 * module's own primitives: HKDF-SHA256 ({@link Hkdf}), HPKE base mode ({@link Hpke}) and
 * event-core's strict Ed25519 ({@link SigningKey}, {@link PublicKey#verify}).
 *
 * <p>The constructions (ExpandWithLabel and friends) are MLS framing, not this module's API, so they
 * live here, in {@link Mls}. One dynamic test per case the file holds: a case runs when its suite
 * uses our primitive for that operation, and is skipped (JUnit "aborted", the reason in its name)
 * when it does not. Suite 3 is exactly our primitive set and runs whole; suites 1 and 2 share
 * SHA-256 / HKDF-SHA256 (and suite 1 Ed25519) with us, so those of their cases run too.
 */
class MlsCryptoBasicsVectorTest {
  private static final String FILE = "mls/crypto-basics.json";
  private static final HexFormat HEX = HexFormat.of();
  private static final long ROUND_TRIP_SEED = 20261122L;

  /** What a cipher suite is made of, as far as these vectors touch it (RFC 9420 §17.1). */
  private record CipherSuite(int id, String name, boolean sha256, boolean ed25519, boolean ourHpke) {
    Optional<String> notRun(String operation) {
      return switch (operation) {
        case "ref_hash", "expand_with_label", "derive_secret", "derive_tree_secret" ->
            sha256 ? Optional.empty() : Optional.of("its hash and KDF are not SHA-256 / HKDF-SHA256");
        case "sign_with_label" -> ed25519 ? Optional.empty() : Optional.of("its signature scheme is not Ed25519");
        case "encrypt_with_label" ->
            ourHpke ? Optional.empty() : Optional.of("its HPKE suite is not DHKEM(X25519) + HKDF-SHA256 + ChaCha20-Poly1305");
        default -> throw new IllegalArgumentException("unknown crypto-basics operation " + operation);
      };
    }
  }

  private static final Map<Integer, CipherSuite> SUITES = suites();

  private static Map<Integer, CipherSuite> suites() {
    Map<Integer, CipherSuite> suites = new TreeMap<>();
    for (CipherSuite s : List.of(
        new CipherSuite(1, "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519", true, true, false),
        new CipherSuite(2, "MLS_128_DHKEMP256_AES128GCM_SHA256_P256", true, false, false),
        new CipherSuite(3, "MLS_128_DHKEMX25519_CHACHA20POLY1305_SHA256_Ed25519", true, true, true),
        new CipherSuite(4, "MLS_256_DHKEMX448_AES256GCM_SHA512_Ed448", false, false, false),
        new CipherSuite(5, "MLS_256_DHKEMP521_AES256GCM_SHA512_P521", false, false, false),
        new CipherSuite(6, "MLS_256_DHKEMX448_CHACHA20POLY1305_SHA512_Ed448", false, false, false),
        new CipherSuite(7, "MLS_256_DHKEMP384_AES256GCM_SHA384_P384", false, false, false))) {
      suites.put(s.id(), s);
    }
    return suites;
  }

  private static CipherSuite suite(int id) {
    CipherSuite suite = SUITES.get(id);
    if (suite == null) {
      throw new IllegalStateException("cipher suite " + id + " is not in this test's table");
    }
    return suite;
  }

  private static final List<String> OPERATIONS = List.of(
      "ref_hash", "expand_with_label", "derive_secret", "derive_tree_secret", "sign_with_label", "encrypt_with_label");

  @TestFactory
  Stream<DynamicTest> cryptoBasics() {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode entry : Vectors.read(FILE)) {
      CipherSuite suite = suite(entry.get("cipher_suite").asInt());
      for (String operation : OPERATIONS) {
        JsonNode c = entry.get(operation);
        String name = "suite " + suite.id() + " " + operation;
        Optional<String> notRun = suite.notRun(operation);
        if (notRun.isPresent()) {
          String reason = suite.name() + ": " + notRun.get();
          tests.add(DynamicTest.dynamicTest(name + " (skipped: " + reason + ")", () -> Assumptions.abort(reason)));
        } else {
          tests.add(DynamicTest.dynamicTest(name, () -> check(operation, c, name)));
        }
      }
    }
    return tests.stream();
  }

  /** The file holds one entry per suite 1..7, each with all six operations; 15 cases apply to us. */
  @Test
  void theFileIsTheOneThisTestWasWrittenFor() {
    JsonNode root = Vectors.read(FILE);
    List<Integer> suitesInFile = new ArrayList<>();
    int applicable = 0;
    for (JsonNode entry : root) {
      CipherSuite suite = suite(entry.get("cipher_suite").asInt());
      suitesInFile.add(suite.id());
      for (String operation : OPERATIONS) {
        assertTrue(entry.has(operation), "suite " + suite.id() + " has no " + operation);
        applicable += suite.notRun(operation).isEmpty() ? 1 : 0;
      }
    }
    assertEquals(List.of(1, 2, 3, 4, 5, 6, 7), suitesInFile);
    // suites 1-3: 4 hash/KDF cases each; suites 1 and 3: the Ed25519 case; suite 3: the HPKE case.
    assertEquals(12 + 2 + 1, applicable);
  }

  private static void check(String operation, JsonNode c, String name) {
    switch (operation) {
      case "ref_hash" -> assertArrayEquals(hex(c, "out"), Mls.refHash(text(c, "label"), hex(c, "value")), name);
      case "expand_with_label" -> assertArrayEquals(
          hex(c, "out"),
          Mls.expandWithLabel(hex(c, "secret"), text(c, "label"), hex(c, "context"), c.get("length").asInt()),
          name);
      case "derive_secret" -> assertArrayEquals(hex(c, "out"), Mls.deriveSecret(hex(c, "secret"), text(c, "label")), name);
      case "derive_tree_secret" -> assertArrayEquals(
          hex(c, "out"),
          Mls.deriveTreeSecret(hex(c, "secret"), text(c, "label"), c.get("generation").asLong(), c.get("length").asInt()),
          name);
      case "sign_with_label" -> checkSignWithLabel(c, name);
      case "encrypt_with_label" -> checkEncryptWithLabel(c, name);
      default -> throw new IllegalArgumentException(operation);
    }
  }

  /**
   * VerifyWithLabel of the vector's signature, and of our own SignWithLabel. The vector's private key
   * is the RFC 8032 seed (our key format: the public key derived from it must be the vector's), and
   * Ed25519 is deterministic, so our signature must also be the vector's byte for byte.
   */
  private static void checkSignWithLabel(JsonNode c, String name) {
    String label = text(c, "label");
    byte[] content = hex(c, "content");
    PublicKey publicKey = new PublicKey(Bytes.of(hex(c, "pub")));
    SigningKey signingKey = SigningKey.fromSeed(hex(c, "priv"));
    assertEquals(publicKey, signingKey.publicKey(), name + ": the seed gives the vector's public key");

    assertTrue(Mls.verifyWithLabel(publicKey, label, content, hex(c, "signature")), name + ": the vector's signature");
    Signature ours = Mls.signWithLabel(signingKey, label, content);
    assertTrue(Mls.verifyWithLabel(publicKey, label, content, ours.bytes().toArray()), name + ": our signature");
    assertArrayEquals(hex(c, "signature"), ours.bytes().toArray(), name + ": deterministic, so the same bytes");

    // The label is part of what is signed: the same signature does not verify under another one.
    assertFalse(Mls.verifyWithLabel(publicKey, label + "x", content, hex(c, "signature")), name + ": another label");
  }

  /**
   * DecryptWithLabel of the vector's (kem_output, ciphertext) with its private key; then our
   * EncryptWithLabel (a seeded ephemeral key) decrypted again, as the vector format prescribes.
   */
  private static void checkEncryptWithLabel(JsonNode c, String name) {
    String label = text(c, "label");
    byte[] context = hex(c, "context");
    byte[] privateKey = hex(c, "priv");
    byte[] plaintext = hex(c, "plaintext");
    assertArrayEquals(hex(c, "pub"), Dh.publicKey(privateKey), name + ": the private key gives the vector's public key");

    Optional<byte[]> opened = Mls.decryptWithLabel(privateKey, label, context, hex(c, "kem_output"), hex(c, "ciphertext"));
    assertArrayEquals(plaintext, opened.orElseThrow(() -> new AssertionError(name + ": the vector's ciphertext did not open")), name);

    String seeded = name + " (ephemeral key from seed " + ROUND_TRIP_SEED + ")";
    byte[] ephemeral = Dh.generatePrivateKey(new SplittableRandom(ROUND_TRIP_SEED));
    Mls.Sealed sealed = Mls.encryptWithLabel(hex(c, "pub"), ephemeral, label, context, plaintext);
    assertArrayEquals(plaintext, Mls.decryptWithLabel(privateKey, label, context, sealed.kemOutput(), sealed.ciphertext())
        .orElseThrow(() -> new AssertionError(seeded + ": our own ciphertext did not open")), seeded);

    // Label and context are HPKE's info: either one changed, the vector's ciphertext does not open.
    assertFalse(Mls.decryptWithLabel(privateKey, label + "x", context, hex(c, "kem_output"), hex(c, "ciphertext")).isPresent(),
        name + ": another label");
    byte[] otherContext = context.clone();
    otherContext[0] ^= 1;
    assertFalse(Mls.decryptWithLabel(privateKey, label, otherContext, hex(c, "kem_output"), hex(c, "ciphertext")).isPresent(),
        name + ": another context");
  }

  /** The variable-length vector prefix, against RFC 9000 §A.1's examples (MLS uses its 1-, 2- and 4-byte forms). */
  @Test
  void variableLengthPrefixes() {
    assertEquals("25", HEX.formatHex(Mls.varint(37)));
    assertEquals("7bbd", HEX.formatHex(Mls.varint(15293)));
    assertEquals("9d7f3e7d", HEX.formatHex(Mls.varint(494878333)));
    assertEquals("3f", HEX.formatHex(Mls.varint(63)));
    assertEquals("4040", HEX.formatHex(Mls.varint(64)));
    assertEquals("7fff", HEX.formatHex(Mls.varint(16383)));
    assertEquals("80004000", HEX.formatHex(Mls.varint(16384)));
    assertEquals("bfffffff", HEX.formatHex(Mls.varint((1 << 30) - 1)));
    // RFC 9420 §2.1.2: the 8-byte form is not used; nothing in these vectors comes near it.
    assertThrows(IllegalArgumentException.class, () -> Mls.varint(1 << 30));
  }

  /**
   * RFC 9420's labeled constructions (§5.1.2, §5.1.3, §5.2, §8, §9), in the TLS presentation language of
   * §2.1: {@code opaque x<V>} is x prefixed with its length as a variable-length integer; uintN is
   * big-endian.
   */
  static final class Mls {
    private static final String PREFIX = "MLS 1.0 ";

    private Mls() {}

    /** RefHash(label, value) = Hash(struct { opaque label<V>; opaque value<V>; }); the label has no prefix. */
    static byte[] refHash(String label, byte[] value) {
      return sha256(concat(opaque(ascii(label)), opaque(value)));
    }

    /**
     * ExpandWithLabel(secret, label, context, length) = HKDF-Expand(secret, KDFLabel, length), where
     * KDFLabel = struct { uint16 length; opaque label<V> = "MLS 1.0 " + label; opaque context<V>; }.
     */
    static byte[] expandWithLabel(byte[] secret, String label, byte[] context, int length) {
      byte[] kdfLabel = concat(uint16(length), opaque(ascii(PREFIX + label)), opaque(context));
      return Hkdf.expand(secret, kdfLabel, length);
    }

    /** DeriveSecret(secret, label) = ExpandWithLabel(secret, label, "", Nh). */
    static byte[] deriveSecret(byte[] secret, String label) {
      return expandWithLabel(secret, label, new byte[0], Hkdf.HASH_LENGTH);
    }

    /** DeriveTreeSecret(secret, label, generation, length) = ExpandWithLabel(secret, label, uint32 generation, length). */
    static byte[] deriveTreeSecret(byte[] secret, String label, long generation, int length) {
      if (generation < 0 || generation > 0xffff_ffffL) {
        throw new IllegalArgumentException("a generation is a uint32, got " + generation);
      }
      byte[] uint32 = {(byte) (generation >>> 24), (byte) (generation >>> 16), (byte) (generation >>> 8), (byte) generation};
      return expandWithLabel(secret, label, uint32, length);
    }

    /** SignWithLabel = Sign(key, struct { opaque label<V> = "MLS 1.0 " + label; opaque content<V>; }). */
    static Signature signWithLabel(SigningKey key, String label, byte[] content) {
      return key.sign(labeled(label, content));
    }

    /** VerifyWithLabel, with event-core's strict Ed25519 verification. */
    static boolean verifyWithLabel(PublicKey key, String label, byte[] content, byte[] signature) {
      return key.verify(labeled(label, content), signature);
    }

    record Sealed(byte[] kemOutput, byte[] ciphertext) {}

    /**
     * EncryptWithLabel = SealBase(pk, info = EncryptContext, aad = "", plaintext), EncryptContext =
     * struct { opaque label<V> = "MLS 1.0 " + label; opaque context<V>; }. The ephemeral key is a
     * parameter so that the test is reproducible.
     */
    static Sealed encryptWithLabel(byte[] publicKey, byte[] ephemeralPrivateKey, String label, byte[] context, byte[] plaintext) {
      Hpke.Encapsulation encapsulation = Hpke.encap(publicKey, ephemeralPrivateKey)
          .orElseThrow(() -> new IllegalArgumentException("low-order HPKE public key"));
      byte[] ciphertext = Hpke.keySchedule(encapsulation.sharedSecret(), labeled(label, context)).seal(new byte[0], plaintext);
      return new Sealed(encapsulation.enc(), ciphertext);
    }

    /** DecryptWithLabel = OpenBase(kem_output, sk, info = EncryptContext, aad = "", ciphertext). */
    static Optional<byte[]> decryptWithLabel(byte[] privateKey, String label, byte[] context, byte[] kemOutput, byte[] ciphertext) {
      return Hpke.decap(kemOutput, privateKey)
          .flatMap(shared -> Hpke.keySchedule(shared, labeled(label, context)).open(new byte[0], ciphertext));
    }

    // struct { opaque label<V> = "MLS 1.0 " + label; opaque <content or context><V>; }: SignContent and EncryptContext.
    private static byte[] labeled(String label, byte[] data) {
      return concat(opaque(ascii(PREFIX + label)), opaque(data));
    }

    private static byte[] opaque(byte[] data) {
      return concat(varint(data.length), data);
    }

    /** RFC 9420 §2.1.2: 1, 2 or 4 bytes, the top two bits of the first one giving the length. */
    static byte[] varint(int value) {
      if (value < 0 || value >= 1 << 30) {
        throw new IllegalArgumentException("an MLS variable-length integer is 0 to 2^30 - 1, got " + value);
      }
      if (value < 1 << 6) {
        return new byte[] {(byte) value};
      }
      if (value < 1 << 14) {
        return new byte[] {(byte) (0x40 | value >>> 8), (byte) value};
      }
      return new byte[] {(byte) (0x80 | value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    private static byte[] uint16(int value) {
      if (value < 0 || value > 0xffff) {
        throw new IllegalArgumentException("not a uint16: " + value);
      }
      return new byte[] {(byte) (value >>> 8), (byte) value};
    }

    private static byte[] sha256(byte[] input) {
      try {
        return MessageDigest.getInstance("SHA-256").digest(input);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every JDK has SHA-256", e);
      }
    }

    private static byte[] ascii(String s) {
      return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (byte[] part : parts) {
        out.writeBytes(part);
      }
      return out.toByteArray();
    }
  }

  private static String text(JsonNode node, String field) {
    return node.get(field).asText();
  }

  private static byte[] hex(JsonNode node, String field) {
    return Vectors.hex(node.get(field));
  }
}
