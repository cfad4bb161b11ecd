package org.walkaway.conformance;

import java.util.Objects;

/**
 * One vector, ready to be checked: {@link #check()} returns normally if the implementation agrees
 * with the vector and throws {@link VectorMismatch} if it does not.
 *
 * @param suite the vector file, e.g. {@code event-header.json}
 * @param name the vector's id and comment, e.g. {@code tcId 12: seq 0 without body}
 * @param check the check itself
 */
public record ConformanceCase(String suite, String name, Runnable check) {
  public ConformanceCase {
    Objects.requireNonNull(suite, "suite");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(check, "check");
  }

  @Override
  public String toString() {
    return suite + " " + name;
  }
}
