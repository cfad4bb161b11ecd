package org.walkaway.auth;

import java.util.Objects;

/** A peer-caused refusal: its {@link ErrorName} and a message for humans. */
public record UcanError(ErrorName name, String message) {
  public UcanError {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return name.wireName() + ": " + message;
  }
}
