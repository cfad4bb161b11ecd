package org.walkaway.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The committed vector files are exactly what the generators write: nobody edited them by hand, and
 * the generators are deterministic. To regenerate them after changing a generator:
 *
 * <pre>
 *   mvn -q -pl conformance test -Dtest=GeneratedVectorsTest -Dwalkaway.conformance.regenerate=true
 * </pre>
 */
class GeneratedVectorsTest {
  private static final boolean REGENERATE = Boolean.getBoolean("walkaway.conformance.regenerate");

  @Test
  void headerVectorsAreCurrent() {
    check(HeaderVectorGenerator.FILE, HeaderVectorGenerator.generate());
  }

  @Test
  void logVectorsAreCurrent() {
    check(LogVectorGenerator.FILE, LogVectorGenerator.generate());
  }

  @Test
  void generatorsAreDeterministic() {
    assertEquals(HeaderVectorGenerator.generate(), HeaderVectorGenerator.generate());
    assertEquals(LogVectorGenerator.generate(), LogVectorGenerator.generate());
  }

  private static void check(String file, String generated) {
    if (REGENERATE) {
      VectorJson.writeCommitted(file, generated);
    }
    assertEquals(
        generated,
        VectorJson.readCommitted(file),
        "vectors/" + file + " differs from what its generator writes; regenerate it (see this class)");
  }
}
