package org.walkaway.auth;

import java.util.List;
import java.util.Objects;

/** The verdict of {@link ChainValidator}: authorized with its chain, or the first reason it is not. */
public sealed interface ValidationResult {

  /** The invocation is authorized; {@code chain} is its proofs, root first (empty if self-issued). */
  record Valid(Invocation invocation, List<Delegation> chain) implements ValidationResult {
    public Valid {
      Objects.requireNonNull(invocation, "invocation");
      chain = List.copyOf(chain);
    }
  }

  /** Refused; {@code name.wireName()} is the name the UCAN fixtures use. */
  record Invalid(ErrorName name, String message) implements ValidationResult {
    public Invalid {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(message, "message");
    }

    public UcanError error() {
      return new UcanError(name, message);
    }
  }

  default boolean isValid() {
    return this instanceof Valid;
  }
}
