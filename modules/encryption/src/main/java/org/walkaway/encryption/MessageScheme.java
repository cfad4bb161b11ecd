package org.walkaway.encryption;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.random.RandomGenerator;
import org.walkaway.core.Bytes;
import org.walkaway.core.LogId;
import org.walkaway.core.PublicKey;
import org.walkaway.core.Verdict;
import org.walkaway.encryption.internal.Aead;
import org.walkaway.encryption.internal.Hkdf;
import org.walkaway.encryption.internal.Transcript;

/**
 * The message-encryption scheme of one member in one group: every sender has its own symmetric
 * ratchet, seeded per generation by that sender's update secret (from DCGKA), and each event body is
 * sealed under a key used for that one message only.
 *
 * <pre>
 *   DCGKA update secret (sender S, generation g) ──▶ SendingChain (on S) / ReceivingChain (S, g) (on the others)
 *
 *   seal: (g, n, mk) = S's chain.next()
 *         nonce      = 24 random bytes
 *         commitment || subkey = HKDF-SHA256(salt = nonce, ikm = mk, info = KDF_LABEL, 64)
 *         ciphertext = XChaCha20-Poly1305(subkey, nonce, ad, body)
 *         ad         = transcript(AD_LABEL, version, author, log id, seq num, g, n)
 *         body on the wire = MessageEnvelopeCodec([5, g, n, nonce, commitment, ciphertext])
 * </pre>
 *
 * <p><b>Guarantees.</b> Forward secrecy: message keys are zeroed after one use and chain keys once
 * the next exists (see {@link SendingChain}, {@link ReceivingChain}). Post-compromise security: a
 * new generation starts from a fresh update secret, which no state from before can derive, and only
 * {@link RatchetLimits#maximumGenerationsPerSender()} generations of a sender are kept. No history
 * for newcomers: a member holds only the generations it was given, so a body sealed in an earlier
 * generation is {@link EncryptionFailure#UNKNOWN_KEY}. Key commitment, as in {@link BodyCipher}: a
 * body opens under one message key only. The associated data binds the body to its event (author,
 * log, sequence number) and to its place in the ratchet; the random nonce means that even a sender
 * that lost its state and reuses a counter never reuses a (subkey, nonce) pair (its receivers refuse
 * the second message as {@link EncryptionFailure#REPLAYED}).
 *
 * <p><b>Assumption.</b> A sender's generations arrive in increasing order (DCGKA hands update secrets
 * out in causal order); the first generation this member gets from a sender marks where its reading
 * starts, and anything earlier is refused, not held.
 *
 * <p>Not thread-safe: one owner, on the pipeline's thread.
 */
public final class MessageScheme {
  static final byte VERSION = 1;
  private static final byte[] KDF_LABEL = "walkaway/encryption/message/v1 commit+subkey".getBytes(StandardCharsets.US_ASCII);
  private static final String AD_LABEL = "walkaway/encryption/message-ad/v1";

  /** Whether this member can open bodies of a sender's generation. */
  public enum KeyStatus {
    /** The chain is here. */
    AVAILABLE,
    /** Not yet: its update secret may still arrive. */
    NOT_YET,
    /** Never will be: before this member's first generation of that sender, or dropped. */
    GONE
  }

  private final PublicKey self;
  private final RatchetLimits limits;
  private SendingChain sending;
  private final Map<PublicKey, TreeMap<Long, ReceivingChain>> receiving = new HashMap<>();
  /** Per sender, every generation at or below this one is gone. */
  private final Map<PublicKey, Long> goneThrough = new HashMap<>();

  public MessageScheme(PublicKey self, RatchetLimits limits) {
    this.self = Objects.requireNonNull(self, "self");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  public PublicKey self() {
    return self;
  }

  public RatchetLimits limits() {
    return limits;
  }

  /**
   * Starts sealing with a new generation of this member's own chain, seeded by its own update
   * secret; the previous sending chain is destroyed. The seed is not kept.
   *
   * @throws IllegalArgumentException if {@code generation} is not above the current one
   */
  public void startSending(long generation, SymmetricKey seed) {
    if (sending != null && generation <= sending.generation()) {
      throw new IllegalArgumentException("generation " + generation + " is not above the current " + sending.generation());
    }
    SendingChain next = SendingChain.seed(self, generation, seed);
    if (sending != null) {
      sending.destroy();
    }
    sending = next;
  }

  /** The generation this member seals with, if it started one. */
  public Optional<Long> sendingGeneration() {
    return Optional.ofNullable(sending).map(SendingChain::generation);
  }

  /**
   * Takes one update secret from DCGKA, whoever's it is: this member's own starts its next sending
   * generation ({@link #startSending}), another sender's adds a receiving chain ({@link #addSender}).
   * Returns false, and changes nothing, for a generation that is not new. The secret is not kept.
   * This is the whole hook between the two: {@code scheme.seed(u.sender(), u.generation(), u.secret())}
   * for every {@code UpdateSecret u} DCGKA hands out.
   */
  public boolean seed(PublicKey sender, long generation, SymmetricKey secret) {
    Objects.requireNonNull(sender, "sender");
    if (sender.equals(self)) {
      if (sending != null && generation <= sending.generation()) {
        return false;
      }
      startSending(generation, secret);
      return true;
    }
    return addSender(sender, generation, secret);
  }

  /**
   * Adds the chain of {@code sender} at {@code generation}, seeded by that sender's update secret
   * (which the caller keeps). Keeps at most {@link RatchetLimits#maximumGenerationsPerSender()}
   * generations of the sender, destroying the oldest. Returns false, and changes nothing, if that
   * generation is already here or is {@link KeyStatus#GONE}.
   *
   * @throws IllegalArgumentException if {@code sender} is this member: its own secrets seed its
   *     sending chain ({@link #startSending}, or {@link #seed})
   */
  public boolean addSender(PublicKey sender, long generation, SymmetricKey seed) {
    Objects.requireNonNull(sender, "sender");
    if (sender.equals(self)) {
      throw new IllegalArgumentException("this member's own update secrets seed its sending chain, not a receiving one");
    }
    if (status(sender, generation) != KeyStatus.NOT_YET) {
      return false;
    }
    TreeMap<Long, ReceivingChain> chains = receiving.computeIfAbsent(sender, s -> new TreeMap<>());
    chains.put(generation, ReceivingChain.seed(sender, generation, seed, limits));
    if (!goneThrough.containsKey(sender)) {
      // The first generation from this sender: earlier ones are from before this member joined.
      goneThrough.put(sender, generation - 1);
    }
    while (chains.size() > limits.maximumGenerationsPerSender()) {
      Map.Entry<Long, ReceivingChain> oldest = chains.pollFirstEntry();
      oldest.getValue().destroy();
      goneThrough.merge(sender, oldest.getKey(), Math::max);
    }
    return true;
  }

  /**
   * Whether bodies of {@code sender}'s {@code generation} can be opened now, later, or never. This
   * member's own bodies are always {@link KeyStatus#GONE}: their keys were zeroed when they were
   * sealed (forward secrecy), so the sender keeps its plaintexts itself if it needs them.
   */
  public KeyStatus status(PublicKey sender, long generation) {
    if (sender.equals(self)) {
      return KeyStatus.GONE;
    }
    TreeMap<Long, ReceivingChain> chains = receiving.get(sender);
    if (chains != null && chains.containsKey(generation)) {
      return KeyStatus.AVAILABLE;
    }
    Long gone = goneThrough.get(sender);
    return gone != null && generation <= gone ? KeyStatus.GONE : KeyStatus.NOT_YET;
  }

  /** Seals {@code body} for the event at ({@link #self()}, {@code logId}, {@code seqNum}), nonce from a new {@link SecureRandom}. */
  public Bytes seal(LogId logId, long seqNum, byte[] body) {
    return seal(logId, seqNum, body, new SecureRandom());
  }

  /**
   * Seals {@code body} with the next key of this member's chain; {@code random} (a CSPRNG outside
   * tests) gives the nonce. The message key is destroyed before this returns.
   *
   * @throws IllegalStateException if no generation was started
   */
  public Bytes seal(LogId logId, long seqNum, byte[] body, RandomGenerator random) {
    return MessageEnvelopeCodec.encode(sealEnvelope(logId, seqNum, body, random));
  }

  MessageEnvelope sealEnvelope(LogId logId, long seqNum, byte[] body, RandomGenerator random) {
    Objects.requireNonNull(logId, "logId");
    Objects.requireNonNull(body, "body");
    if (sending == null) {
      throw new IllegalStateException("no sending chain: call startSending with this member's update secret first");
    }
    MessageKey key = sending.next();
    byte[] nonce = new byte[MessageEnvelope.NONCE_LENGTH];
    random.nextBytes(nonce);
    byte[] derived = derive(key.key(), nonce);
    try {
      byte[] ad = associatedData(self, logId, seqNum, sending.generation(), key.counter());
      byte[] ciphertext = Aead.XCHACHA20_POLY1305.seal(subkey(derived), nonce, ad, body);
      return new MessageEnvelope(sending.generation(), key.counter(), Bytes.of(nonce),
          Bytes.of(Arrays.copyOf(derived, MessageEnvelope.COMMITMENT_LENGTH)), Bytes.of(ciphertext));
    } finally {
      Arrays.fill(derived, (byte) 0);
      key.destroy();
    }
  }

  /**
   * Opens a body of the event at ({@code author}, {@code logId}, {@code seqNum}):
   * {@link EncryptionFailure#MALFORMED} if it is not an envelope, otherwise as
   * {@link #open(PublicKey, LogId, long, MessageEnvelope)}.
   */
  public Verdict<byte[]> open(PublicKey author, LogId logId, long seqNum, Bytes sealed) {
    return switch (MessageEnvelopeCodec.decode(sealed)) {
      case Verdict.Accepted<MessageEnvelope> envelope -> open(author, logId, seqNum, envelope.value());
      case Verdict.Rejected<MessageEnvelope> rejected -> Verdict.rejected(rejected.rejection());
    };
  }

  /**
   * Opens an envelope: {@link EncryptionFailure#UNKNOWN_KEY} if this member does not hold the
   * author's generation (not yet, or never); {@link EncryptionFailure#REPLAYED},
   * {@link EncryptionFailure#BEYOND_FORWARD_DISTANCE} as {@link ReceivingChain} decides;
   * {@link EncryptionFailure#KEY_COMMITMENT_MISMATCH} if it was sealed under another key;
   * {@link EncryptionFailure#AUTHENTICATION_FAILED} if anything was changed or it was moved to
   * another event. A refused envelope changes no state.
   */
  public Verdict<byte[]> open(PublicKey author, LogId logId, long seqNum, MessageEnvelope envelope) {
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(logId, "logId");
    Objects.requireNonNull(envelope, "envelope");
    TreeMap<Long, ReceivingChain> chains = receiving.get(author);
    ReceivingChain chain = chains == null ? null : chains.get(envelope.generation());
    if (chain == null) {
      return Verdict.rejected(EncryptionFailure.UNKNOWN_KEY.rejection("no chain of " + author + " at generation "
          + envelope.generation() + " (" + status(author, envelope.generation()) + ")"));
    }
    byte[] ad = associatedData(author, logId, seqNum, envelope.generation(), envelope.counter());
    byte[] nonce = envelope.nonce().toArray();
    return chain.open(envelope.counter(), key -> {
      byte[] derived = derive(key, nonce);
      try {
        if (!MessageDigest.isEqual(Arrays.copyOf(derived, MessageEnvelope.COMMITMENT_LENGTH), envelope.commitment().toArray())) {
          return Verdict.rejected(EncryptionFailure.KEY_COMMITMENT_MISMATCH.rejection("message " + envelope.counter()
              + " of " + chain + " was not sealed under that message key"));
        }
        return Aead.XCHACHA20_POLY1305.open(subkey(derived), nonce, ad, envelope.ciphertext().toArray())
            .<Verdict<byte[]>>map(Verdict::accepted)
            .orElseGet(() -> Verdict.rejected(EncryptionFailure.AUTHENTICATION_FAILED.rejection("message " + envelope.counter()
                + " of " + chain + " does not open in event (" + logId + ", " + seqNum + ")")));
      } finally {
        Arrays.fill(derived, (byte) 0);
      }
    });
  }

  private static byte[] derive(SymmetricKey messageKey, byte[] nonce) {
    return Hkdf.derive(nonce, messageKey.view(), KDF_LABEL, MessageEnvelope.COMMITMENT_LENGTH + Aead.KEY_LENGTH);
  }

  private static byte[] subkey(byte[] derived) {
    return Arrays.copyOfRange(derived, MessageEnvelope.COMMITMENT_LENGTH, MessageEnvelope.COMMITMENT_LENGTH + Aead.KEY_LENGTH);
  }

  private static byte[] associatedData(PublicKey author, LogId logId, long seqNum, long generation, long counter) {
    return Transcript.of(AD_LABEL)
        .add(new byte[] {VERSION})
        .add(author.bytes().toArray())
        .add(logId.bytes().toArray())
        .add(seqNum)
        .add(generation)
        .add(counter)
        .toByteArray();
  }

  @Override
  public String toString() {
    return "MessageScheme[self=" + self + ", sending=" + sendingGeneration().map(String::valueOf).orElse("none")
        + ", senders=" + receiving.size() + "]";
  }
}
