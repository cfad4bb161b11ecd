package org.walkaway.core.store;

import org.walkaway.core.WalkawayCoreException;

/** A store failed for reasons of its own (I/O, corruption, a closed store): not the input's fault. */
public class StoreException extends WalkawayCoreException {
  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
