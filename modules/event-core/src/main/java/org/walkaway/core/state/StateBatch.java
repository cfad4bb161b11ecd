package org.walkaway.core.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.walkaway.core.Bytes;

/**
 * Writes that a {@link StateStore} applies together, in order, as one transaction: all of them or
 * none, across any number of namespaces.
 *
 * <pre>{@code
 * store.apply(StateBatch.builder()
 *     .delete(PENDING, key)
 *     .put(DELIVERED, position, id)
 *     .build());
 * }</pre>
 *
 * Writes apply in the order given, so a later write to a key wins over an earlier one of the same
 * batch. Keys are checked here (at most {@link StateStore#MAX_KEY_LENGTH} bytes), so that a store
 * never meets an invalid write half-way through a batch.
 */
public record StateBatch(List<Write> writes) {
  public StateBatch {
    writes = List.copyOf(writes);
  }

  /** One write of a batch. */
  public sealed interface Write permits Put, Delete, DeleteRange {
    Namespace namespace();
  }

  /** Sets {@code key} to {@code value}, replacing what was there. */
  public record Put(Namespace namespace, Bytes key, Bytes value) implements Write {
    public Put {
      Objects.requireNonNull(namespace, "namespace");
      checkKey(key);
      Objects.requireNonNull(value, "value");
    }
  }

  /** Removes {@code key}; nothing happens if it is absent. */
  public record Delete(Namespace namespace, Bytes key) implements Write {
    public Delete {
      Objects.requireNonNull(namespace, "namespace");
      checkKey(key);
    }
  }

  /** Removes every key of {@code range}. */
  public record DeleteRange(Namespace namespace, KeyRange range) implements Write {
    public DeleteRange {
      Objects.requireNonNull(namespace, "namespace");
      Objects.requireNonNull(range, "range");
    }
  }

  private static void checkKey(Bytes key) {
    Objects.requireNonNull(key, "key");
    if (key.length() > StateStore.MAX_KEY_LENGTH) {
      throw new IllegalArgumentException(
          "a state key has at most " + StateStore.MAX_KEY_LENGTH + " bytes, got " + key.length());
    }
  }

  public static StateBatch of(Write... writes) {
    return new StateBatch(List.of(writes));
  }

  public static Builder builder() {
    return new Builder();
  }

  public boolean isEmpty() {
    return writes.isEmpty();
  }

  /** Collects writes in order; not thread-safe. */
  public static final class Builder {
    private final List<Write> writes = new ArrayList<>();

    private Builder() {}

    public Builder put(Namespace namespace, Bytes key, Bytes value) {
      writes.add(new Put(namespace, key, value));
      return this;
    }

    public Builder delete(Namespace namespace, Bytes key) {
      writes.add(new Delete(namespace, key));
      return this;
    }

    public Builder deleteRange(Namespace namespace, KeyRange range) {
      writes.add(new DeleteRange(namespace, range));
      return this;
    }

    public Builder add(Write write) {
      writes.add(Objects.requireNonNull(write, "write"));
      return this;
    }

    public StateBatch build() {
      return new StateBatch(writes);
    }
  }
}
