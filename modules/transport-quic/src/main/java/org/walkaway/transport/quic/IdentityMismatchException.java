package org.walkaway.transport.quic;

import org.walkaway.core.PublicKey;

/** The peer proved a different Ed25519 key than the one the dial expected. */
public class IdentityMismatchException extends TransportException {
  private final PublicKey expected;
  private final PublicKey actual;

  public IdentityMismatchException(PublicKey expected, PublicKey actual) {
    super("expected peer " + expected.toHex() + " but the peer proved key " + actual.toHex());
    this.expected = expected;
    this.actual = actual;
  }

  public PublicKey expected() {
    return expected;
  }

  public PublicKey actual() {
    return actual;
  }
}
