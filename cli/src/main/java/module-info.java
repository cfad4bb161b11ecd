/**
 * The {@code walkaway} command-line tool: create keys, append signed events to a log kept in a
 * directory, inspect and verify headers, list a store, export and import bundle files (sync), run
 * the conformance suite, and a narrated demo of the whole story.
 *
 * <p>Run it with the launcher at the repository root ({@code ./walkaway help}), or as
 * {@code java --module-path ... -m org.walkaway.cli/org.walkaway.cli.Main}. The module exports
 * nothing: it is a tool, not a library. The commands live in {@code org.walkaway.cli.internal};
 * {@link org.walkaway.cli.Main} is the entry point.
 */
module org.walkaway.cli {
  requires org.walkaway.core;
  requires org.walkaway.sync;
  requires org.walkaway.conformance;
  requires com.fasterxml.jackson.databind;
}
