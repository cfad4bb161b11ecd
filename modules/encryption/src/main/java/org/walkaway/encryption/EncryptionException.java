package org.walkaway.encryption;

/**
 * The unchecked exception family of this module, for what is neither a peer's doing (that is a
 * {@link org.walkaway.core.Rejection}) nor a bug (that is an {@link IllegalArgumentException} or
 * {@link IllegalStateException}): for example, using a vault that is locked.
 */
public class EncryptionException extends RuntimeException {
  public EncryptionException(String message) {
    super(message);
  }

  public EncryptionException(String message, Throwable cause) {
    super(message, cause);
  }
}
