package org.walkaway.encryption.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * HPKE (RFC 9180) in base mode for one suite: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256,
 * ChaCha20-Poly1305 (the suite p2panda-encryption's 2SM uses). It is the RFC's pseudo-code, step by
 * step, over Bouncy Castle's X25519, HKDF and ChaCha20-Poly1305 ({@link Dh}, {@link Hkdf},
 * {@link Aead}); it computes nothing of its own beyond concatenation and the nonce XOR. The RFC's
 * A.2.1 known answer checks it (HpkeVectorTest), as does Bouncy Castle's own {@code hpke.HPKE}.
 *
 * <pre>
 *   sender                                          receiver
 *   skE random; enc = pk(skE)
 *   dh = X25519(skE, pkR)      ── enc, ciphertexts ──▶ dh = X25519(skR, enc)
 *   shared = ExtractAndExpand(dh, enc || pkR)          shared = ExtractAndExpand(dh, enc || pkR)
 *   key, base_nonce = KeySchedule(mode_base, shared, info)        (the same on both sides)
 *   message i: ChaCha20-Poly1305(key, base_nonce XOR i, aad, pt)
 * </pre>
 */
public final class Hpke {
  public static final int ENC_LENGTH = 32;
  static final int NK = 32;
  static final int NN = 12;
  static final int NH = 32;
  private static final byte MODE_BASE = 0x00;
  private static final byte[] VERSION = ascii("HPKE-v1");
  // suite_id = "KEM" || I2OSP(kem_id = 0x0020, 2)
  private static final byte[] KEM_SUITE = concat(ascii("KEM"), new byte[] {0x00, 0x20});
  // suite_id = "HPKE" || I2OSP(kem_id, 2) || I2OSP(kdf_id = 1, 2) || I2OSP(aead_id = 3, 2)
  private static final byte[] HPKE_SUITE = concat(ascii("HPKE"), new byte[] {0x00, 0x20, 0x00, 0x01, 0x00, 0x03});

  private Hpke() {}

  /** The result of Encap: the shared secret and the encapsulated key {@code enc}. */
  public record Encapsulation(byte[] sharedSecret, byte[] enc) {}

  /**
   * Encap(pkR) with the given ephemeral private key (random in use, fixed by the vector tests). Empty
   * when X25519 gives all zeros: pkR is a low-order point.
   */
  public static Optional<Encapsulation> encap(byte[] recipientPublicKey, byte[] ephemeralPrivateKey) {
    byte[] dh = new byte[Dh.KEY_LENGTH];
    if (!Dh.agree(ephemeralPrivateKey, recipientPublicKey, dh)) {
      return Optional.empty();
    }
    byte[] enc = Dh.publicKey(ephemeralPrivateKey);
    byte[] shared = extractAndExpand(dh, concat(enc, recipientPublicKey));
    Arrays.fill(dh, (byte) 0);
    return Optional.of(new Encapsulation(shared, enc));
  }

  /** Decap(enc, skR). Empty when enc is a low-order point or not 32 bytes. */
  public static Optional<byte[]> decap(byte[] enc, byte[] recipientPrivateKey) {
    if (enc.length != ENC_LENGTH) {
      return Optional.empty();
    }
    byte[] dh = new byte[Dh.KEY_LENGTH];
    if (!Dh.agree(recipientPrivateKey, enc, dh)) {
      return Optional.empty();
    }
    byte[] shared = extractAndExpand(dh, concat(enc, Dh.publicKey(recipientPrivateKey)));
    Arrays.fill(dh, (byte) 0);
    return Optional.of(shared);
  }

  /** KeySchedule(mode_base, shared_secret, info, default_psk, default_psk_id): the context. */
  public static Context keySchedule(byte[] sharedSecret, byte[] info) {
    byte[] pskIdHash = labeledExtract(HPKE_SUITE, new byte[0], "psk_id_hash", new byte[0]);
    byte[] infoHash = labeledExtract(HPKE_SUITE, new byte[0], "info_hash", info);
    byte[] context = concat(new byte[] {MODE_BASE}, pskIdHash, infoHash);
    byte[] secret = labeledExtract(HPKE_SUITE, sharedSecret, "secret", new byte[0]);
    Context result =
        new Context(
            secret,
            labeledExpand(HPKE_SUITE, secret, "key", context, NK),
            labeledExpand(HPKE_SUITE, secret, "base_nonce", context, NN),
            labeledExpand(HPKE_SUITE, secret, "exp", context, NH));
    return result;
  }

  /**
   * An encryption context: one direction, messages numbered from 0. Not thread-safe. Open advances
   * the sequence number only on success, as in RFC 9180 §5.2.
   */
  public static final class Context {
    private final byte[] secret;
    private final byte[] key;
    private final byte[] baseNonce;
    private final byte[] exporterSecret;
    private long sequence;

    private Context(byte[] secret, byte[] key, byte[] baseNonce, byte[] exporterSecret) {
      this.secret = secret;
      this.key = key;
      this.baseNonce = baseNonce;
      this.exporterSecret = exporterSecret;
    }

    public byte[] seal(byte[] aad, byte[] plaintext) {
      byte[] ciphertext = Aead.CHACHA20_POLY1305.seal(key, nonce(), aad, plaintext);
      sequence++;
      return ciphertext;
    }

    public Optional<byte[]> open(byte[] aad, byte[] ciphertext) {
      Optional<byte[]> plaintext = Aead.CHACHA20_POLY1305.open(key, nonce(), aad, ciphertext);
      if (plaintext.isPresent()) {
        sequence++;
      }
      return plaintext;
    }

    /** Export(exporter_context, L) of RFC 9180 §5.3. */
    public byte[] export(byte[] exporterContext, int length) {
      return labeledExpand(HPKE_SUITE, exporterSecret, "sec", exporterContext, length);
    }

    // For the known-answer test only.
    public byte[] secret() {
      return secret.clone();
    }

    public byte[] key() {
      return key.clone();
    }

    public byte[] baseNonce() {
      return baseNonce.clone();
    }

    /** Zeroes every secret of the context; it cannot be used afterwards. */
    public void destroy() {
      Arrays.fill(secret, (byte) 0);
      Arrays.fill(key, (byte) 0);
      Arrays.fill(baseNonce, (byte) 0);
      Arrays.fill(exporterSecret, (byte) 0);
      sequence = -1;
    }

    // ComputeNonce(seq) = base_nonce XOR I2OSP(seq, Nn)
    private byte[] nonce() {
      if (sequence < 0) {
        throw new IllegalStateException("this HPKE context was destroyed or exhausted");
      }
      byte[] nonce = baseNonce.clone();
      for (int i = 0; i < Long.BYTES; i++) {
        nonce[NN - 1 - i] ^= (byte) (sequence >>> (8 * i));
      }
      return nonce;
    }
  }

  // shared_secret = LabeledExpand(LabeledExtract("", "eae_prk", dh), "shared_secret", kem_context, Nsecret)
  private static byte[] extractAndExpand(byte[] dh, byte[] kemContext) {
    byte[] eaePrk = labeledExtract(KEM_SUITE, new byte[0], "eae_prk", dh);
    byte[] shared = labeledExpand(KEM_SUITE, eaePrk, "shared_secret", kemContext, 32);
    Arrays.fill(eaePrk, (byte) 0);
    return shared;
  }

  // LabeledExtract(salt, label, ikm) = Extract(salt, "HPKE-v1" || suite_id || label || ikm)
  private static byte[] labeledExtract(byte[] suite, byte[] salt, String label, byte[] ikm) {
    return Hkdf.extract(salt, concat(VERSION, suite, ascii(label), ikm));
  }

  // LabeledExpand(prk, label, info, L) = Expand(prk, I2OSP(L, 2) || "HPKE-v1" || suite_id || label || info, L)
  private static byte[] labeledExpand(byte[] suite, byte[] prk, String label, byte[] info, int length) {
    byte[] lengthPrefix = {(byte) (length >>> 8), (byte) length};
    return Hkdf.expand(prk, concat(lengthPrefix, VERSION, suite, ascii(label), info), length);
  }

  static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] out = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    return out;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
