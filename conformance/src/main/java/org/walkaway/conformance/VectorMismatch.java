package org.walkaway.conformance;

/**
 * The implementation under test disagrees with a vector. An {@link AssertionError}, so that test
 * frameworks report it as a failed check rather than as a broken test.
 */
public final class VectorMismatch extends AssertionError {
  public VectorMismatch(String message) {
    super(message);
  }
}
