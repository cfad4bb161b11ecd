package org.walkaway.conformance;

/** The vectors themselves cannot be read: a missing resource or a file that is not the expected JSON. */
public class ConformanceException extends RuntimeException {
  public ConformanceException(String message) {
    super(message);
  }

  public ConformanceException(String message, Throwable cause) {
    super(message, cause);
  }
}
