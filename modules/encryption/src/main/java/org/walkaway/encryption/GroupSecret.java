package org.walkaway.encryption;

import java.util.Objects;
import javax.security.auth.Destroyable;
import org.walkaway.core.PublicKey;

/**
 * One secret of a group's data-encryption scheme: a {@link SymmetricKey} named by a {@link KeyId},
 * with its creator and the creator's timestamp (milliseconds since the epoch), which order secrets
 * when choosing the newest. Not a record: it holds a secret.
 */
public final class GroupSecret implements Destroyable {
  private final KeyId id;
  private final SymmetricKey key;
  private final PublicKey creator;
  private final long timestampMillis;

  public GroupSecret(KeyId id, SymmetricKey key, PublicKey creator, long timestampMillis) {
    this.id = Objects.requireNonNull(id, "id");
    this.key = Objects.requireNonNull(key, "key");
    this.creator = Objects.requireNonNull(creator, "creator");
    this.timestampMillis = timestampMillis;
  }

  public KeyId id() {
    return id;
  }

  public SymmetricKey key() {
    return key;
  }

  public PublicKey creator() {
    return creator;
  }

  public long timestampMillis() {
    return timestampMillis;
  }

  @Override
  public void destroy() {
    key.destroy();
  }

  @Override
  public boolean isDestroyed() {
    return key.isDestroyed();
  }

  /** Equal when id, creator, timestamp and key (constant time) are. */
  @Override
  public boolean equals(Object o) {
    return o instanceof GroupSecret other && id.equals(other.id) && creator.equals(other.creator)
        && timestampMillis == other.timestampMillis && key.equals(other.key);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "GroupSecret[id=" + id + ", creator=" + creator + ", timestamp=" + timestampMillis + ", key=<redacted>]";
  }
}
