/**
 * Walkaway conformance: language-neutral test vectors for the event format and the primitives under
 * it, and a runner that checks event-core against them.
 *
 * <ul>
 *   <li>{@link org.walkaway.conformance.Vectors} reads the vector files (JSON, shipped as resources;
 *       the same files sit in the module's {@code vectors/} folder for other implementations);</li>
 *   <li>{@link org.walkaway.conformance.EventCoreConformance} turns each vector into a
 *       {@link org.walkaway.conformance.ConformanceCase} that checks event-core, for JUnit's dynamic
 *       tests or for a command-line run.</li>
 * </ul>
 *
 * The format the vectors pin is described in the module's README.
 */
module org.walkaway.conformance {
  requires transitive org.walkaway.core;
  requires com.fasterxml.jackson.databind;

  exports org.walkaway.conformance;
}
