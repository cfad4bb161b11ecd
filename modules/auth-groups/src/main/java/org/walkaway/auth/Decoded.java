package org.walkaway.auth;

import java.util.Objects;

/** The outcome of reading peer-supplied bytes or text: the value, or why it was refused. */
public sealed interface Decoded<T> {

  record Ok<T>(T value) implements Decoded<T> {
    public Ok {
      Objects.requireNonNull(value, "value");
    }
  }

  record Failed<T>(UcanError error) implements Decoded<T> {
    public Failed {
      Objects.requireNonNull(error, "error");
    }
  }

  /** The value; a bug to call on a failure. */
  default T orThrow() {
    return switch (this) {
      case Ok<T> ok -> ok.value();
      case Failed<T> failed -> throw new IllegalStateException(failed.error().toString());
    };
  }
}
