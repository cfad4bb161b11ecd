package org.walkaway.auth.internal;

import org.walkaway.auth.ErrorName;
import org.walkaway.auth.UcanError;

/**
 * Thrown inside the decoders to unwind on the first defect of peer-supplied bytes; the public API
 * catches it and returns the {@link UcanError} as a value. Never escapes the module.
 */
public final class TokenException extends RuntimeException {
  private final ErrorName name;

  public TokenException(ErrorName name, String message) {
    super(message, null, false, false);
    this.name = name;
  }

  public UcanError error() {
    return new UcanError(name, getMessage());
  }
}
