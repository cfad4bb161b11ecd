package org.walkaway.cli.internal;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.walkaway.conformance.ConformanceCase;
import org.walkaway.conformance.EventCoreConformance;

/** {@code walkaway conformance}: does this build of event-core agree with every test vector? */
final class ConformanceCommand implements Command {

  @Override
  public String name() {
    return "conformance";
  }

  @Override
  public String synopsis() {
    return "";
  }

  @Override
  public String summary() {
    return "check this implementation against the conformance vectors; exit 0 if all pass";
  }

  @Override
  public String description() {
    return """
        Runs every test vector of the conformance suite (Wycheproof and RFC 8032 Ed25519, BLAKE3,
        event headers, event logs) against the event-core this tool is built with, and prints
        one line per vector file with the passed and failed counts, then each failure: its
        vector (tcId and comment) and what differed. Exits 0 if every vector passes, 1 if not.

        example:
          $ walkaway conformance
          event-header.json             passed 180  failed 0
          ...
          all 481 vectors pass
        """;
  }

  @Override
  public List<Option> options() {
    return List.of();
  }

  @Override
  public int run(Arguments arguments, Context context) {
    // Cases are grouped by vector file, in the order the suite lists them.
    Map<String, List<ConformanceCase>> suites = new LinkedHashMap<>();
    for (ConformanceCase conformanceCase : EventCoreConformance.all()) {
      suites.computeIfAbsent(conformanceCase.suite(), suite -> new ArrayList<>()).add(conformanceCase);
    }
    int width = suites.keySet().stream().mapToInt(String::length).max().orElse(0);
    PrintStream out = context.out();
    int passed = 0;
    int failed = 0;
    for (Map.Entry<String, List<ConformanceCase>> suite : suites.entrySet()) {
      EventCoreConformance.Report report = EventCoreConformance.run(suite.getValue());
      out.printf(
          "%-" + width + "s  passed %d  failed %d%n",
          suite.getKey(), report.passed(), report.failures().size());
      for (EventCoreConformance.Failure failure : report.failures()) {
        out.println("  FAILED " + failure.conformanceCase().name() + ": " + failure.message());
      }
      passed += report.passed();
      failed += report.failures().size();
    }
    out.println(
        (failed == 0 ? "all " + passed + " vectors pass" : failed + " of " + (passed + failed)
            + " vectors fail"));
    return failed == 0 ? Cli.OK : Cli.FAILED;
  }
}
