package org.walkaway.encryption.dcgka;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.random.RandomGenerator;
import org.walkaway.core.Bytes;
import org.walkaway.core.Hash;
import org.walkaway.core.InsecureSecretAccess;
import org.walkaway.core.LogId;
import org.walkaway.core.PublicKey;
import org.walkaway.core.Rejection;
import org.walkaway.core.Verdict;
import org.walkaway.encryption.BodyCipher;
import org.walkaway.encryption.BodyContext;
import org.walkaway.encryption.DataScheme;
import org.walkaway.encryption.EncryptionFailure;
import org.walkaway.encryption.GroupSecret;
import org.walkaway.encryption.KeyId;
import org.walkaway.encryption.SymmetricKey;
import org.walkaway.encryption.internal.Hkdf;
import org.walkaway.encryption.internal.Transcript;

/**
 * The data-encryption scheme (the one that can give late joiners the history), driven by
 * {@link Dcgka}: every update secret DCGKA derives becomes a {@link GroupSecret}, named by
 * {@code KeyId = sender || generation}. A member seals bodies with its own newest secret; readers
 * find the secret by the key id the body names.
 *
 * <pre>
 *   DCGKA: UpdateSecret(S, g) ──HKDF──▶ GroupSecret(id = S‖g) ──▶ DataScheme store ──▶ open(body)
 *   own newest GroupSecret ──▶ BodyCipher.seal(author = self, log, seq, id)
 * </pre>
 *
 * Rotation on removal comes from DCGKA: after a removal every remaining member's ratchet steps with a
 * seed the removed member never sees (the remover's seed, then each member's ack), so whatever a
 * remaining member seals afterwards is under a secret the removed member cannot derive, even while it
 * keeps receiving the ciphertexts. Updates rotate the same way.
 *
 * <p>A newcomer gets, in its welcome, either every secret its adder holds (history) or none: it can
 * then read everything the adder could read at the time of the add, or only what is sealed after its
 * join. Not thread-safe; one instance per member per group.
 *
 * <p>Limit: a body sealed concurrently with a member's own addition, under a secret derived before
 * its adder processed it, stays unreadable to the newcomer even with history (nobody re-sends it).
 */
public final class GroupDataScheme {
  static final String DATA_KEY_LABEL = "walkaway/data-scheme/key/v1";
  private static final int MAX_HISTORY_SECRETS = 1 << 16;

  /** A sealed body and the key id to put into its {@link BodyContext}. */
  public record SealedBody(KeyId keyId, Bytes ciphertext) {
    public SealedBody {
      Objects.requireNonNull(keyId, "keyId");
      Objects.requireNonNull(ciphertext, "ciphertext");
    }
  }

  private final Dcgka dcgka;
  private final DataScheme store;
  private final RandomGenerator random;
  private final Map<PublicKey, TreeMap<Long, GroupSecret>> bySender = new HashMap<>();
  private Optional<Rejection> historyRefusal = Optional.empty();

  /** {@code dcgka} must be new (no group yet); this scheme drives it from now on. */
  public GroupDataScheme(Dcgka dcgka, RandomGenerator random) {
    this.dcgka = Objects.requireNonNull(dcgka, "dcgka");
    this.random = Objects.requireNonNull(random, "random");
    // Newest is chosen per sender by generation here, so the store's clock-skew rule never applies.
    this.store = new DataScheme(dcgka.self(), Duration.ZERO);
  }

  public Dcgka dcgka() {
    return dcgka;
  }

  public Dcgka.Outgoing create(Collection<PublicKey> members) {
    return dcgka.create(members);
  }

  public Dcgka.Outgoing update() {
    return dcgka.update();
  }

  public Dcgka.Outgoing remove(PublicKey member) {
    return dcgka.remove(member);
  }

  /** Adds {@code member}; with {@code withHistory} its welcome carries every group secret held here. */
  public Dcgka.Outgoing add(PublicKey member, boolean withHistory) {
    return dcgka.add(member, withHistory ? encodeHistory() : new byte[0]);
  }

  /** {@link Dcgka#confirm}, keeping the new secrets (and returning them); {@code timestamp} is the carrying event's. */
  public List<UpdateSecret> confirm(Hash id, Instant timestamp) {
    List<UpdateSecret> secrets = dcgka.confirm(id);
    keep(secrets, timestamp.toEpochMilli());
    return secrets;
  }

  /** {@link Dcgka#receive}, keeping the new secrets (and the history of a welcome). */
  public Verdict<Dcgka.Outcome> receive(Dcgka.Received message, Instant timestamp) {
    Verdict<Dcgka.Outcome> verdict = dcgka.receive(message);
    if (verdict instanceof Verdict.Accepted<Dcgka.Outcome> accepted) {
      Dcgka.Outcome outcome = accepted.value();
      if (outcome.welcomeAttachment().isPresent()) {
        switch (decodeHistory(outcome.welcomeAttachment().get())) {
          case Verdict.Accepted<List<GroupSecret>> history -> history.value().forEach(store::add);
          // The welcome itself was good and DCGKA has joined (its ack must still be sent), so the
          // message is accepted; only the history is dropped, and the reason kept.
          case Verdict.Rejected<List<GroupSecret>> rejected -> historyRefusal = Optional.of(rejected.rejection());
        }
      }
      keep(outcome.updateSecrets(), timestamp.toEpochMilli());
      if (!dcgka.isMember()) {
        forgetEverythingNew();
      }
    }
    return verdict;
  }

  /** Why the history in this member's welcome was dropped (malformed), if it was. */
  public Optional<Rejection> historyRefusal() {
    return historyRefusal;
  }

  /** Seals {@code body} as this member, under its own newest secret. */
  public SealedBody seal(LogId logId, long seqNum, byte[] body) {
    TreeMap<Long, GroupSecret> mine = bySender.get(dcgka.self());
    if (mine == null || mine.isEmpty() || !dcgka.isMember()) {
      throw new IllegalStateException("no group secret of this member yet (create or join first)");
    }
    GroupSecret secret = mine.lastEntry().getValue();
    Bytes sealed = BodyCipher.seal(secret.key(), new BodyContext(dcgka.self(), logId, seqNum, secret.id()), body, random);
    return new SealedBody(secret.id(), sealed);
  }

  /** Opens a body; {@link EncryptionFailure#UNKNOWN_KEY} when its secret is not held (never was, or before joining). */
  public Verdict<byte[]> open(BodyContext context, Bytes sealed) {
    return store.open(context, sealed);
  }

  /** The key id of {@code sender}'s secret number {@code generation}. */
  public static KeyId keyId(PublicKey sender, long generation) {
    return new KeyId(Bytes.of(ByteBuffer.allocate(40).put(sender.bytes().toArray()).putLong(generation).array()));
  }

  private void keep(List<UpdateSecret> secrets, long timestampMillis) {
    for (UpdateSecret secret : secrets) {
      byte[] raw = secret.secret().bytes(InsecureSecretAccess.get());
      // A separate key for data, so the data scheme and a message ratchet seeded with the same update
      // secret never share a key.
      byte[] derived = Hkdf.derive(new byte[0], raw,
          Transcript.of(DATA_KEY_LABEL).add(secret.sender().bytes().toArray()).add(secret.generation()).toByteArray(), 32);
      java.util.Arrays.fill(raw, (byte) 0);
      GroupSecret groupSecret = new GroupSecret(keyId(secret.sender(), secret.generation()),
          SymmetricKey.fromBytes(derived), secret.sender(), timestampMillis);
      java.util.Arrays.fill(derived, (byte) 0);
      store.add(groupSecret);
      bySender.computeIfAbsent(secret.sender(), k -> new TreeMap<>()).put(secret.generation(), groupSecret);
    }
  }

  private void forgetEverythingNew() {
    // A removed member keeps what it could read as a member (that cannot be taken back), and derives nothing more.
    bySender.clear();
  }

  /** count (4) then per secret: creator (32), timestamp (8), key id length (1), key id, key (32). */
  private byte[] encodeHistory() {
    List<GroupSecret> all = store.forNewcomer(true, Instant.ofEpochMilli(Long.MAX_VALUE / 2));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(ByteBuffer.allocate(4).putInt(all.size()).array());
    for (GroupSecret secret : all) {
      out.writeBytes(secret.creator().bytes().toArray());
      out.writeBytes(ByteBuffer.allocate(8).putLong(secret.timestampMillis()).array());
      out.write(secret.id().bytes().length());
      out.writeBytes(secret.id().bytes().toArray());
      byte[] key = secret.key().bytes(InsecureSecretAccess.get());
      out.writeBytes(key);
      java.util.Arrays.fill(key, (byte) 0);
    }
    return out.toByteArray();
  }

  static Verdict<List<GroupSecret>> decodeHistory(Bytes encoded) {
    if (encoded.isEmpty()) {
      return Verdict.accepted(List.of());
    }
    ByteBuffer in = ByteBuffer.wrap(encoded.toArray());
    try {
      int count = in.getInt();
      if (count < 0 || count > MAX_HISTORY_SECRETS) {
        return malformed("a history of " + count + " secrets");
      }
      List<GroupSecret> secrets = new ArrayList<>(Math.min(count, 1024));
      for (int i = 0; i < count; i++) {
        byte[] creator = new byte[PublicKey.LENGTH];
        in.get(creator);
        long timestamp = in.getLong();
        int idLength = Byte.toUnsignedInt(in.get());
        if (idLength == 0 || idLength > KeyId.MAX_LENGTH) {
          return malformed("a key id of " + idLength + " bytes");
        }
        byte[] id = new byte[idLength];
        in.get(id);
        byte[] key = new byte[SymmetricKey.LENGTH];
        in.get(key);
        secrets.add(new GroupSecret(KeyId.of(id), SymmetricKey.fromBytes(key), new PublicKey(Bytes.of(creator)), timestamp));
        java.util.Arrays.fill(key, (byte) 0);
      }
      if (in.hasRemaining()) {
        return malformed(in.remaining() + " bytes after the history");
      }
      return Verdict.accepted(secrets);
    } catch (java.nio.BufferUnderflowException truncated) {
      return malformed("the history is truncated");
    }
  }

  private static <T> Verdict<T> malformed(String detail) {
    return Verdict.rejected(EncryptionFailure.MALFORMED.rejection(detail));
  }

  @Override
  public String toString() {
    return "GroupDataScheme[self=" + dcgka.self() + ", secrets=<redacted>]";
  }
}
