package org.walkaway.core;

import java.util.Objects;

/**
 * Thrown by the convenience methods that turn a {@link Verdict} into a value when the input was
 * rejected. Carries the {@link Rejection}, whose reason says what was wrong.
 */
public final class RejectedException extends WalkawayCoreException {
  private final transient Rejection rejection;

  public RejectedException(Rejection rejection) {
    super(Objects.requireNonNull(rejection, "rejection").toString());
    this.rejection = rejection;
  }

  public Rejection rejection() {
    return rejection;
  }
}
