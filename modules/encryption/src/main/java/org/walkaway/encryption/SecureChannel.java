package org.walkaway.encryption;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.walkaway.core.Bytes;
import org.walkaway.core.PublicKey;
import org.walkaway.core.Verdict;
import org.walkaway.encryption.internal.Aead;
import org.walkaway.encryption.internal.Hkdf;
import org.walkaway.encryption.internal.Hpke;
import org.walkaway.encryption.internal.Transcript;

/**
 * A two-party secure channel in the spirit of p2panda-encryption's 2SM: X3DH keys the first message,
 * and every later message is sealed with HPKE (RFC 9180 base mode, DHKEM(X25519, HKDF-SHA256),
 * HKDF-SHA256, ChaCha20-Poly1305) to the newest receive key the other side announced. Each message
 * announces a fresh receive key of its sender, so keys keep rotating.
 *
 * <pre>
 *   A (initiator)                                       B (published a PrekeyBundle)
 *   X3DH with B's bundle ─ Initial(header, nextKey=a1, AEAD_SK(m0)) ─▶ respond: SK, opens m0
 *   HPKE to SPK_B ──────── Regular(0, to=SPK_B, next=a2, ...) ───────▶ opens with SPK_B
 *                 ◀──────── Regular(0, to=a2, next=b1, ...) ─────────── HPKE to A's newest key a2
 * </pre>
 *
 * Guarantees: confidentiality and integrity of every payload; the counter, both identities and both
 * keys are bound as associated data; a counter seen before is refused ({@link EncryptionFailure#REPLAYED});
 * when a receive key is used, older receive keys are deleted (forward secrecy), so a message sealed
 * to a deleted key is refused ({@link EncryptionFailure#UNKNOWN_PREKEY}).
 *
 * <p>Limits: no wire encoding yet (messages are records); the set of seen counters grows without
 * bound; a message that arrives after a newer key was used is lost. Not thread-safe.
 */
public final class SecureChannel {
  static final String INITIAL_LABEL = "walkaway/encryption/2sm-initial/v1";
  static final String INFO_LABEL = "walkaway/encryption/2sm/v1";
  static final String AAD_LABEL = "walkaway/encryption/2sm-aad/v1";

  private record ReceiveKey(X25519SecretKey secret, boolean owned) {}

  private final PublicKey self;
  private final PublicKey peer;
  private final RandomGenerator random;
  private final LinkedHashMap<X25519PublicKey, ReceiveKey> receiveKeys = new LinkedHashMap<>();
  private final Set<Long> receivedCounters = new HashSet<>();
  private X25519PublicKey peerReceiveKey;
  private long highestReceived = -1;
  private long nextCounter;

  private SecureChannel(PublicKey self, PublicKey peer, X25519PublicKey peerReceiveKey, RandomGenerator random) {
    this.self = self;
    this.peer = peer;
    this.peerReceiveKey = peerReceiveKey;
    this.random = random;
  }

  public record Opened(SecureChannel channel, ChannelMessage.Initial message) {}

  public record Accepted(SecureChannel channel, PublicKey initiator, Bytes plaintext) {}

  /** Opens a channel to the owner of {@code bundle} with a first message (see {@link X3dh#initiate}). */
  public static Verdict<Opened> open(LocalIdentity self, PrekeyBundle bundle, byte[] firstMessage, Instant now, RandomGenerator random) {
    Verdict<X3dh.Initiation> initiated = X3dh.initiate(self, bundle, now, random);
    if (initiated instanceof Verdict.Rejected<X3dh.Initiation> rejected) {
      return Verdict.rejected(rejected.rejection());
    }
    X3dh.Initiation initiation = initiated.orElseThrow();
    SecureChannel channel = new SecureChannel(self.identity(), bundle.identity().identity(), bundle.signedPrekey().key(), random);
    X25519SecretKey next = X25519SecretKey.generate(random);
    channel.receiveKeys.put(next.publicKey(), new ReceiveKey(next, true));
    byte[] keyAndNonce = initialKeyAndNonce(initiation.sharedKey());
    initiation.sharedKey().destroy();
    byte[] aad = initialAad(initiation.associatedData(), next.publicKey());
    byte[] ciphertext = Aead.CHACHA20_POLY1305.seal(
        Arrays.copyOf(keyAndNonce, 32), Arrays.copyOfRange(keyAndNonce, 32, 44), aad, firstMessage);
    Arrays.fill(keyAndNonce, (byte) 0);
    return Verdict.accepted(new Opened(channel, new ChannelMessage.Initial(initiation.header(), next.publicKey(), Bytes.of(ciphertext))));
  }

  /** Accepts a channel from the sender of {@code message}, whose first payload is returned. */
  public static Verdict<Accepted> accept(LocalIdentity self, ChannelMessage.Initial message, RandomGenerator random) {
    Verdict<X3dh.Response> responded = self.respond(message.header(), false);
    if (responded instanceof Verdict.Rejected<X3dh.Response> rejected) {
      return Verdict.rejected(rejected.rejection());
    }
    X3dh.Response response = responded.orElseThrow();
    byte[] keyAndNonce = initialKeyAndNonce(response.sharedKey());
    response.sharedKey().destroy();
    Optional<byte[]> plaintext = Aead.CHACHA20_POLY1305.open(
        Arrays.copyOf(keyAndNonce, 32), Arrays.copyOfRange(keyAndNonce, 32, 44),
        initialAad(response.associatedData(), message.nextKey()), message.ciphertext().toArray());
    Arrays.fill(keyAndNonce, (byte) 0);
    if (plaintext.isEmpty()) {
      return Verdict.rejected(EncryptionFailure.AUTHENTICATION_FAILED.rejection("the first message does not open under the X3DH key"));
    }
    self.markAnswered(message.header());
    PublicKey initiator = response.initiator().identity();
    SecureChannel channel = new SecureChannel(self.identity(), initiator, message.nextKey(), random);
    X25519SecretKey signedPrekey = self.signedPrekeySecret(message.header().signedPrekeyId()).orElseThrow();
    // The signed prekey belongs to the LocalIdentity and serves other channels: never destroyed here.
    channel.receiveKeys.put(signedPrekey.publicKey(), new ReceiveKey(signedPrekey, false));
    return Verdict.accepted(new Accepted(channel, initiator, Bytes.of(plaintext.get())));
  }

  /**
   * Seals {@code plaintext} to the peer's newest receive key. Rejected only when that key, which the
   * peer announced, is a low-order point.
   */
  public Verdict<ChannelMessage.Regular> send(byte[] plaintext) {
    Objects.requireNonNull(plaintext, "plaintext");
    X25519SecretKey ephemeral = X25519SecretKey.generate(random);
    Optional<Hpke.Encapsulation> encapsulation = Hpke.encap(peerReceiveKey.bytes().toArray(), ephemeral.view());
    ephemeral.destroy();
    if (encapsulation.isEmpty()) {
      return Verdict.rejected(EncryptionFailure.LOW_ORDER_POINT.rejection("the peer's receive key " + peerReceiveKey.toHex() + " is a low-order point"));
    }
    X25519SecretKey next = X25519SecretKey.generate(random);
    receiveKeys.put(next.publicKey(), new ReceiveKey(next, true));
    long counter = nextCounter++;
    Hpke.Context context = Hpke.keySchedule(encapsulation.get().sharedSecret(), info(self, peer));
    Arrays.fill(encapsulation.get().sharedSecret(), (byte) 0);
    byte[] ciphertext = context.seal(aad(self, peer, counter, peerReceiveKey, next.publicKey()), plaintext);
    context.destroy();
    return Verdict.accepted(new ChannelMessage.Regular(
        counter, peerReceiveKey, next.publicKey(), Bytes.of(encapsulation.get().enc()), Bytes.of(ciphertext)));
  }

  /** Opens a message of the peer, or says why not (replayed, unknown key, tampered). */
  public Verdict<Bytes> receive(ChannelMessage.Regular message) {
    if (receivedCounters.contains(message.counter())) {
      return Verdict.rejected(EncryptionFailure.REPLAYED.rejection("message " + message.counter() + " was already received"));
    }
    ReceiveKey key = receiveKeys.get(message.recipientKey());
    if (key == null) {
      return Verdict.rejected(EncryptionFailure.UNKNOWN_PREKEY.rejection("receive key " + message.recipientKey().toHex() + " is not held (never, or deleted)"));
    }
    Optional<byte[]> shared = Hpke.decap(message.enc().toArray(), key.secret().view());
    if (shared.isEmpty()) {
      return Verdict.rejected(EncryptionFailure.LOW_ORDER_POINT.rejection("the encapsulated key is a low-order point or malformed"));
    }
    Hpke.Context context = Hpke.keySchedule(shared.get(), info(peer, self));
    Arrays.fill(shared.get(), (byte) 0);
    Optional<byte[]> plaintext = context.open(
        aad(peer, self, message.counter(), message.recipientKey(), message.nextKey()), message.ciphertext().toArray());
    context.destroy();
    if (plaintext.isEmpty()) {
      return Verdict.rejected(EncryptionFailure.AUTHENTICATION_FAILED.rejection("message " + message.counter() + " does not open"));
    }
    receivedCounters.add(message.counter());
    if (message.counter() > highestReceived) {
      highestReceived = message.counter();
      peerReceiveKey = message.nextKey();
    }
    deleteKeysOlderThan(message.recipientKey());
    return Verdict.accepted(Bytes.of(plaintext.get()));
  }

  public PublicKey peer() {
    return peer;
  }

  /** How many receive keys this side still holds (for tests of forward secrecy). */
  int heldReceiveKeys() {
    return receiveKeys.size();
  }

  private void deleteKeysOlderThan(X25519PublicKey used) {
    Iterator<Map.Entry<X25519PublicKey, ReceiveKey>> entries = receiveKeys.entrySet().iterator();
    while (entries.hasNext()) {
      Map.Entry<X25519PublicKey, ReceiveKey> entry = entries.next();
      if (entry.getKey().equals(used)) {
        return;
      }
      if (entry.getValue().owned()) {
        entry.getValue().secret().destroy();
      }
      entries.remove();
    }
  }

  private static byte[] initialKeyAndNonce(SymmetricKey sharedKey) {
    return Hkdf.derive(new byte[0], sharedKey.view(), INITIAL_LABEL.getBytes(StandardCharsets.US_ASCII), 44);
  }

  private static byte[] initialAad(Bytes x3dhAssociatedData, X25519PublicKey nextKey) {
    return Transcript.of(INITIAL_LABEL).add(x3dhAssociatedData.toArray()).add(nextKey.bytes().toArray()).toByteArray();
  }

  private static byte[] info(PublicKey sender, PublicKey recipient) {
    return Transcript.of(INFO_LABEL).add(sender.bytes().toArray()).add(recipient.bytes().toArray()).toByteArray();
  }

  private static byte[] aad(PublicKey sender, PublicKey recipient, long counter, X25519PublicKey to, X25519PublicKey next) {
    return Transcript.of(AAD_LABEL)
        .add(sender.bytes().toArray())
        .add(recipient.bytes().toArray())
        .add(counter)
        .add(to.bytes().toArray())
        .add(next.bytes().toArray())
        .toByteArray();
  }

  @Override
  public String toString() {
    return "SecureChannel[self=" + self + ", peer=" + peer + ", secrets=<redacted>]";
  }
}
