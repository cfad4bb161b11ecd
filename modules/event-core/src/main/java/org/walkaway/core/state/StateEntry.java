package org.walkaway.core.state;

import java.util.Objects;
import org.walkaway.core.Bytes;

/** One record of a {@link StateStore} namespace, as {@link StateStore#scan} returns it. */
public record StateEntry(Bytes key, Bytes value) {
  public StateEntry {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
  }
}
