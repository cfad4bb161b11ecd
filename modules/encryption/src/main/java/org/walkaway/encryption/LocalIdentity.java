package org.walkaway.encryption;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import javax.security.auth.Destroyable;
import org.walkaway.core.PublicKey;
import org.walkaway.core.SigningKey;
import org.walkaway.core.Verdict;

/**
 * The secret half of a peer's prekeys: its long-term X25519 identity key, its signed prekeys (the
 * current one and older ones still held for late handshakes) and its unused one-time prekeys. It
 * answers X3DH handshakes ({@link #respond}) and deletes each one-time prekey on first use.
 *
 * <p>Not thread-safe: one owner drives it, like every sans-IO state machine of Walkaway. It holds no
 * Ed25519 secret; methods that sign take the {@link SigningKey} as an argument.
 */
public final class LocalIdentity implements Destroyable {
  private record Held(SignedPrekey published, X25519SecretKey secret) {}

  private final X25519SecretKey dhKey;
  private final IdentityBinding binding;
  private final RandomGenerator random;
  private final Map<Long, Held> signedPrekeys = new LinkedHashMap<>();
  private final Map<Long, X25519SecretKey> oneTimePrekeys = new LinkedHashMap<>();
  private final Map<Long, OneTimePrekey> unusedOneTimePublic = new LinkedHashMap<>();
  private final Set<X25519PublicKey> seenEphemeralKeys = new HashSet<>();
  private long nextSignedPrekeyId;
  private long nextOneTimePrekeyId;

  private LocalIdentity(SigningKey identity, RandomGenerator random) {
    this.random = random;
    this.dhKey = X25519SecretKey.generate(random);
    this.binding = IdentityBinding.sign(identity, dhKey.publicKey());
  }

  public static LocalIdentity create(SigningKey identity) {
    return create(identity, new SecureRandom());
  }

  /** A fresh long-term X25519 key bound to {@code identity}; pass a {@link SecureRandom} outside tests. */
  public static LocalIdentity create(SigningKey identity, RandomGenerator random) {
    return new LocalIdentity(Objects.requireNonNull(identity, "identity"), Objects.requireNonNull(random, "random"));
  }

  public PublicKey identity() {
    return binding.identity();
  }

  public IdentityBinding binding() {
    return binding;
  }

  X25519SecretKey dhKey() {
    return dhKey;
  }

  /** Makes and signs a new signed prekey valid for {@code lifetime} from {@code notBefore}. */
  public SignedPrekey rotateSignedPrekey(SigningKey identity, Instant notBefore, Duration lifetime) {
    checkIdentity(identity);
    X25519SecretKey secret = X25519SecretKey.generate(random);
    long id = nextSignedPrekeyId++;
    SignedPrekey published = SignedPrekey.sign(identity, id, secret.publicKey(), notBefore, notBefore.plus(lifetime));
    signedPrekeys.put(id, new Held(published, secret));
    return published;
  }

  /** Makes {@code count} new one-time prekeys and returns their public halves. */
  public List<OneTimePrekey> generateOneTimePrekeys(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative: " + count);
    }
    List<OneTimePrekey> made = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      X25519SecretKey secret = X25519SecretKey.generate(random);
      long id = nextOneTimePrekeyId++;
      OneTimePrekey published = new OneTimePrekey(id, secret.publicKey());
      oneTimePrekeys.put(id, secret);
      unusedOneTimePublic.put(id, published);
      made.add(published);
    }
    return made;
  }

  /**
   * A bundle to publish: the newest signed prekey and up to {@code oneTimeCount} one-time prekeys
   * that no handshake has used yet.
   */
  public PrekeyBundle bundle(int oneTimeCount) {
    Held newest = signedPrekeys.values().stream().reduce((a, b) -> b)
        .orElseThrow(() -> new IllegalStateException("no signed prekey yet: call rotateSignedPrekey first"));
    List<OneTimePrekey> offered = unusedOneTimePublic.values().stream().limit(oneTimeCount).toList();
    return new PrekeyBundle(binding, newest.published(), offered);
  }

  /** Deletes (and zeroes) signed prekeys whose lifetime ended before {@code now}. */
  public void forgetExpiredSignedPrekeys(Instant now) {
    signedPrekeys.values().removeIf(held -> {
      boolean expired = !now.isBefore(held.published().notAfter());
      if (expired) {
        held.secret().destroy();
      }
      return expired;
    });
  }

  /** The secret of a signed prekey this identity still holds, for channels opened with it. */
  Optional<X25519SecretKey> signedPrekeySecret(long id) {
    return Optional.ofNullable(signedPrekeys.get(id)).map(Held::secret);
  }

  /**
   * Answers an X3DH handshake: verifies the initiator's binding, finds the named prekeys, and derives
   * the shared key. The one-time prekey, if named, is deleted here whatever the outcome, so it is
   * never used twice. A header seen before is refused as {@link EncryptionFailure#REPLAYED}.
   */
  public Verdict<X3dh.Response> respond(X3dhHeader header) {
    return respond(header, true);
  }

  /**
   * {@code markAnswered} false: the caller (a {@link SecureChannel}) marks the handshake answered
   * only once its first payload opens, so that a copy altered in transit cannot shut out the genuine one.
   */
  Verdict<X3dh.Response> respond(X3dhHeader header, boolean markAnswered) {
    Objects.requireNonNull(header, "header");
    if (!header.initiator().verifies()) {
      return Verdict.rejected(EncryptionFailure.BAD_SIGNATURE.rejection("the initiator's identity binding does not verify"));
    }
    if (seenEphemeralKeys.contains(header.ephemeralKey())) {
      return Verdict.rejected(EncryptionFailure.REPLAYED.rejection("handshake with ephemeral key " + header.ephemeralKey().toHex() + " was already answered"));
    }
    Held signed = signedPrekeys.get(header.signedPrekeyId());
    if (signed == null) {
      return Verdict.rejected(EncryptionFailure.UNKNOWN_PREKEY.rejection("no signed prekey " + header.signedPrekeyId() + " (never made, or forgotten)"));
    }
    X25519SecretKey oneTime = null;
    if (header.oneTimePrekeyId().isPresent()) {
      long id = header.oneTimePrekeyId().getAsLong();
      oneTime = oneTimePrekeys.remove(id);
      unusedOneTimePublic.remove(id);
      if (oneTime == null) {
        return Verdict.rejected(EncryptionFailure.UNKNOWN_PREKEY.rejection("one-time prekey " + id + " was already used or never existed"));
      }
    }
    try {
      Verdict<X3dh.Response> response = X3dh.respond(dhKey, binding, signed.secret(), oneTime, header);
      if (response.isAccepted() && markAnswered) {
        markAnswered(header);
      }
      return response;
    } finally {
      if (oneTime != null) {
        oneTime.destroy();
      }
    }
  }

  void markAnswered(X3dhHeader header) {
    seenEphemeralKeys.add(header.ephemeralKey());
  }

  /** How many one-time prekeys remain unused. */
  public int unusedOneTimePrekeys() {
    return oneTimePrekeys.size();
  }

  @Override
  public void destroy() {
    dhKey.destroy();
    signedPrekeys.values().forEach(held -> held.secret().destroy());
    oneTimePrekeys.values().forEach(X25519SecretKey::destroy);
    signedPrekeys.clear();
    oneTimePrekeys.clear();
    unusedOneTimePublic.clear();
  }

  @Override
  public boolean isDestroyed() {
    return dhKey.isDestroyed();
  }

  @Override
  public String toString() {
    return "LocalIdentity[identity=" + binding.identity() + ", secrets=<redacted>]";
  }

  private void checkIdentity(SigningKey identity) {
    if (!identity.publicKey().equals(binding.identity())) {
      throw new IllegalArgumentException("signing key " + identity.publicKey() + " is not this identity " + binding.identity());
    }
  }
}
