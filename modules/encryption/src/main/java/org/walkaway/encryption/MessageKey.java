package org.walkaway.encryption;

import javax.security.auth.Destroyable;

/**
 * The key of one message of a chain, with the message's counter. Used for exactly one message and
 * then destroyed. Not a record: it holds a secret.
 */
final class MessageKey implements Destroyable {
  private final long counter;
  private final SymmetricKey key;

  MessageKey(long counter, SymmetricKey key) {
    this.counter = counter;
    this.key = key;
  }

  long counter() {
    return counter;
  }

  SymmetricKey key() {
    return key;
  }

  @Override
  public void destroy() {
    key.destroy();
  }

  @Override
  public boolean isDestroyed() {
    return key.isDestroyed();
  }

  @Override
  public String toString() {
    return "MessageKey[counter=" + counter + ", <redacted>]";
  }
}
