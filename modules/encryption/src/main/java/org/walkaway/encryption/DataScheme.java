package org.walkaway.encryption;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.walkaway.core.Bytes;
import org.walkaway.core.LogId;
import org.walkaway.core.PublicKey;
import org.walkaway.core.Verdict;

/**
 * The store of the data-encryption scheme (the one that gives late joiners the history);
 * {@link org.walkaway.encryption.dcgka.GroupDataScheme} fills it from DCGKA and is what a group uses.
 * Used alone, it is the manual form of the scheme: the group
 * shares a set of {@link GroupSecret}s; a member seals with the newest one, readers look a body's
 * secret up by its {@link KeyId}. On a removal the remover calls {@link #rotate} and hands the new
 * secret to the remaining members only, so the removed member cannot read anything sealed afterwards;
 * a newcomer gets either every secret (history) or only the newest.
 *
 * <p>Not done here: distributing secrets and deciding when to rotate (GroupDataScheme does both,
 * through DCGKA). "Newest" is by the creator's timestamp; a secret dated beyond
 * {@code now + maxClockSkew} is stored but not chosen, so a member cannot pin the group to its key by
 * dating it far in the future (adversarial scenario 21). Pure state, not thread-safe.
 */
public final class DataScheme {
  private static final Comparator<GroupSecret> NEWEST_LAST =
      Comparator.comparingLong(GroupSecret::timestampMillis).thenComparing(s -> s.id().bytes());

  private final PublicKey self;
  private final Duration maxClockSkew;
  private final Map<KeyId, GroupSecret> secrets = new LinkedHashMap<>();

  public DataScheme(PublicKey self, Duration maxClockSkew) {
    this.self = Objects.requireNonNull(self, "self");
    this.maxClockSkew = Objects.requireNonNull(maxClockSkew, "maxClockSkew");
  }

  /** Makes a fresh secret (on creating the group or removing a member) and keeps it. */
  public GroupSecret rotate(Instant now, RandomGenerator random) {
    byte[] id = new byte[16];
    random.nextBytes(id);
    GroupSecret secret = new GroupSecret(KeyId.of(id), SymmetricKey.generate(random), self, now.toEpochMilli());
    secrets.put(secret.id(), secret);
    return secret;
  }

  /** Keeps a secret received from another member. */
  public void add(GroupSecret secret) {
    secrets.putIfAbsent(secret.id(), secret);
  }

  /** The newest secret not dated beyond {@code now + maxClockSkew}. */
  public Optional<GroupSecret> newest(Instant now) {
    long limit = now.plus(maxClockSkew).toEpochMilli();
    return secrets.values().stream().filter(s -> s.timestampMillis() <= limit).max(NEWEST_LAST);
  }

  /** What a newcomer receives: every secret (history), or only the newest. */
  public List<GroupSecret> forNewcomer(boolean withHistory, Instant now) {
    if (withHistory) {
      return secrets.values().stream().sorted(NEWEST_LAST).toList();
    }
    return newest(now).map(List::of).orElse(List.of());
  }

  /** Seals an event body with the newest secret; the body names it by its key id. */
  public Bytes seal(PublicKey author, LogId logId, long seqNum, byte[] body, Instant now, RandomGenerator random) {
    GroupSecret secret = newest(now).orElseThrow(() -> new IllegalStateException("no group secret yet: rotate first"));
    return BodyCipher.seal(secret.key(), new BodyContext(author, logId, seqNum, secret.id()), body, random);
  }

  /** Opens a body sealed under the secret {@code keyId}; {@link EncryptionFailure#UNKNOWN_KEY} if not held. */
  public Verdict<byte[]> open(BodyContext context, Bytes sealed) {
    GroupSecret secret = secrets.get(context.keyId());
    if (secret == null) {
      return Verdict.rejected(EncryptionFailure.UNKNOWN_KEY.rejection("no group secret " + context.keyId()));
    }
    return BodyCipher.open(secret.key(), context, sealed);
  }

  /** Forgets every secret (on leaving the group). */
  public void destroy() {
    secrets.values().forEach(GroupSecret::destroy);
    secrets.clear();
  }

  @Override
  public String toString() {
    return "DataScheme[self=" + self + ", secrets=" + secrets.size() + " <redacted>]";
  }
}
