package org.walkaway.core.internal;

import org.walkaway.core.Rejection;

/** A rejection found deep inside the CBOR scanner, carried out to the decoder that turns it into a value. */
final class CborException extends Exception {
  private final Rejection.Reason reason;

  CborException(Rejection.Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  Rejection rejection() {
    return Rejection.of(reason, getMessage());
  }
}
