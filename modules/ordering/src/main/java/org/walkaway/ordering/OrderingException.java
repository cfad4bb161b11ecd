package org.walkaway.ordering;

/**
 * An infrastructure failure in ordering: a store could not read or write. Never caused by what a
 * peer sent (that is a {@link org.walkaway.core.Rejection}). After one, open a new
 * {@link DurableOrderer} on the store: it recovers from what the store holds.
 */
public class OrderingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public OrderingException(String message) {
    super(message);
  }

  public OrderingException(String message, Throwable cause) {
    super(message, cause);
  }
}
