package org.walkaway.encryption;

import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.walkaway.core.Bytes;
import org.walkaway.core.Verdict;
import org.walkaway.encryption.internal.Aead;
import org.walkaway.encryption.internal.Argon2id;
import org.walkaway.encryption.internal.Hkdf;
import org.walkaway.encryption.internal.Transcript;

/**
 * Encryption at rest with a passphrase.
 *
 * <pre>
 *   passphrase ──Argon2id(salt, settings)──▶ master key (memory only; zeroed by lock())
 *   master key ──wraps──▶ one random key per entity ──seals──▶ that entity's data ({@link EntityCipher})
 * </pre>
 *
 * Changing the passphrase derives a new master key (new salt) and re-wraps the entity keys only; the
 * entities' ciphertexts stay as they are. The master key never leaves this object and is never
 * written anywhere; only the {@link VaultHeader} (salt, settings, verifier) and the wrapped keys are
 * meant to be stored.
 *
 * <p>Not thread-safe. Using a locked vault throws {@link EncryptionException}.
 */
public final class Vault {
  static final byte WRAP_VERSION = 1;
  private static final byte[] VERIFIER_LABEL = "walkaway/encryption/vault-verifier/v1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] WRAP_LABEL = "walkaway/encryption/vault-wrap-key/v1".getBytes(StandardCharsets.US_ASCII);
  private static final String WRAP_AD_LABEL = "walkaway/encryption/vault-wrap-ad/v1";

  private final RandomGenerator random;
  private VaultHeader header;
  private SymmetricKey masterKey; // null while locked: private state, never exposed

  private Vault(VaultHeader header, RandomGenerator random) {
    this.header = header;
    this.random = random;
  }

  /** A new vault, unlocked, with a fresh salt. */
  public static Vault create(char[] passphrase, Argon2Settings settings) {
    return create(passphrase, settings, new SecureRandom());
  }

  /** A new vault, unlocked; {@code random} must be a CSPRNG outside tests. */
  public static Vault create(char[] passphrase, Argon2Settings settings, RandomGenerator random) {
    byte[] salt = new byte[VaultHeader.SALT_LENGTH];
    random.nextBytes(salt);
    SymmetricKey master = deriveMaster(passphrase, settings, salt);
    Vault vault = new Vault(new VaultHeader(settings, Bytes.of(salt), verifier(master)), random);
    vault.masterKey = master;
    return vault;
  }

  /** A stored vault, locked until {@link #unlock}. */
  public static Vault open(VaultHeader header) {
    return open(header, new SecureRandom());
  }

  public static Vault open(VaultHeader header, RandomGenerator random) {
    return new Vault(Objects.requireNonNull(header, "header"), Objects.requireNonNull(random, "random"));
  }

  public VaultHeader header() {
    return header;
  }

  /** Derives the master key; false (and still locked) when the passphrase is wrong. */
  public boolean unlock(char[] passphrase) {
    SymmetricKey candidate = deriveMaster(passphrase, header.settings(), header.salt().toArray());
    if (!MessageDigest.isEqual(verifier(candidate).toArray(), header.verifier().toArray())) {
      candidate.destroy();
      return false;
    }
    lock();
    masterKey = candidate;
    return true;
  }

  /** Zeroes the master key. Wrapped keys stay valid; unlock again to use them. */
  public void lock() {
    if (masterKey != null) {
      masterKey.destroy();
      masterKey = null;
    }
  }

  public boolean isLocked() {
    return masterKey == null;
  }

  /** Wraps {@code entityKey} for the entity {@code entityId} (bound as associated data). */
  public WrappedKey wrap(Bytes entityId, SymmetricKey entityKey) {
    return wrapWith(requireUnlocked(), entityId, entityKey);
  }

  /** Unwraps a key wrapped for {@code entityId}; rejected when it was wrapped for another entity or altered. */
  public Verdict<SymmetricKey> unwrap(Bytes entityId, WrappedKey wrapped) {
    return unwrapWith(requireUnlocked(), entityId, wrapped);
  }

  /**
   * Changes the passphrase: a new salt and master key, and every given entity key re-wrapped under it.
   * Rejected (nothing changes) when {@code current} is wrong or a wrapped key does not unwrap.
   * Returns the re-wrapped keys; store them with the new {@link #header()}.
   */
  public Verdict<Map<Bytes, WrappedKey>> changePassphrase(char[] current, char[] next, Map<Bytes, WrappedKey> wrapped) {
    SymmetricKey old = deriveMaster(current, header.settings(), header.salt().toArray());
    try {
      if (!MessageDigest.isEqual(verifier(old).toArray(), header.verifier().toArray())) {
        return Verdict.rejected(EncryptionFailure.AUTHENTICATION_FAILED.rejection("the current passphrase is wrong"));
      }
      byte[] salt = new byte[VaultHeader.SALT_LENGTH];
      random.nextBytes(salt);
      SymmetricKey fresh = deriveMaster(next, header.settings(), salt);
      Map<Bytes, WrappedKey> rewrapped = new LinkedHashMap<>();
      for (Map.Entry<Bytes, WrappedKey> entry : wrapped.entrySet()) {
        Verdict<SymmetricKey> key = unwrapWith(old, entry.getKey(), entry.getValue());
        if (key instanceof Verdict.Rejected<SymmetricKey> rejected) {
          fresh.destroy();
          return Verdict.rejected(rejected.rejection());
        }
        SymmetricKey entityKey = key.orElseThrow();
        rewrapped.put(entry.getKey(), wrapWith(fresh, entry.getKey(), entityKey));
        entityKey.destroy();
      }
      header = new VaultHeader(header.settings(), Bytes.of(salt), verifier(fresh));
      lock();
      masterKey = fresh;
      return Verdict.accepted(Map.copyOf(rewrapped));
    } finally {
      old.destroy();
    }
  }

  private SymmetricKey requireUnlocked() {
    if (masterKey == null) {
      throw new EncryptionException("the vault is locked: unlock it with the passphrase first");
    }
    return masterKey;
  }

  private WrappedKey wrapWith(SymmetricKey master, Bytes entityId, SymmetricKey entityKey) {
    byte[] nonce = new byte[24];
    random.nextBytes(nonce);
    byte[] wrapKey = wrapKey(master);
    byte[] ciphertext = Aead.XCHACHA20_POLY1305.seal(wrapKey, nonce, wrapAd(entityId), entityKey.view());
    Arrays.fill(wrapKey, (byte) 0);
    byte[] out = new byte[1 + 24 + ciphertext.length];
    out[0] = WRAP_VERSION;
    System.arraycopy(nonce, 0, out, 1, 24);
    System.arraycopy(ciphertext, 0, out, 25, ciphertext.length);
    return new WrappedKey(Bytes.of(out));
  }

  private static Verdict<SymmetricKey> unwrapWith(SymmetricKey master, Bytes entityId, WrappedKey wrapped) {
    byte[] bytes = wrapped.bytes().toArray();
    if (bytes.length != 1 + 24 + SymmetricKey.LENGTH + Aead.TAG_LENGTH || bytes[0] != WRAP_VERSION) {
      return Verdict.rejected(EncryptionFailure.MALFORMED.rejection("not a wrapped key of version " + WRAP_VERSION));
    }
    byte[] wrapKey = wrapKey(master);
    Optional<byte[]> key = Aead.XCHACHA20_POLY1305.open(wrapKey, Arrays.copyOfRange(bytes, 1, 25), wrapAd(entityId),
        Arrays.copyOfRange(bytes, 25, bytes.length));
    Arrays.fill(wrapKey, (byte) 0);
    return key.<Verdict<SymmetricKey>>map(k -> Verdict.accepted(SymmetricKey.adopt(k))).orElseGet(() ->
        Verdict.rejected(EncryptionFailure.AUTHENTICATION_FAILED.rejection("the wrapped key does not open for entity " + entityId.toHex())));
  }

  private static byte[] wrapKey(SymmetricKey master) {
    return Hkdf.derive(new byte[0], master.view(), WRAP_LABEL, 32);
  }

  private static byte[] wrapAd(Bytes entityId) {
    return Transcript.of(WRAP_AD_LABEL).add(entityId.toArray()).toByteArray();
  }

  private static Bytes verifier(SymmetricKey master) {
    return Bytes.of(Hkdf.derive(new byte[0], master.view(), VERIFIER_LABEL, VaultHeader.VERIFIER_LENGTH));
  }

  private static SymmetricKey deriveMaster(char[] passphrase, Argon2Settings settings, byte[] salt) {
    ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(passphrase));
    byte[] password = new byte[encoded.remaining()];
    encoded.get(password);
    if (encoded.hasArray()) {
      Arrays.fill(encoded.array(), (byte) 0);
    }
    try {
      return SymmetricKey.adopt(Argon2id.derive(password, salt, new byte[0], new byte[0],
          settings.memoryKiB(), settings.iterations(), settings.parallelism(), SymmetricKey.LENGTH));
    } finally {
      Arrays.fill(password, (byte) 0);
    }
  }

  @Override
  public String toString() {
    return "Vault[" + (isLocked() ? "locked" : "unlocked") + ", master key=<redacted>]";
  }
}
