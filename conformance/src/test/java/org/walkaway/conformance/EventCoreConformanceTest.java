package org.walkaway.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** event-core against every vector: one dynamic test per vector. */
class EventCoreConformanceTest {

  @TestFactory
  Stream<DynamicTest> ed25519Wycheproof() {
    return tests(EventCoreConformance.ed25519Wycheproof());
  }

  @TestFactory
  Stream<DynamicTest> ed25519Rfc8032() {
    return tests(EventCoreConformance.rfc8032());
  }

  @TestFactory
  Stream<DynamicTest> blake3() {
    return tests(EventCoreConformance.blake3());
  }

  @TestFactory
  Stream<DynamicTest> eventHeaders() {
    return tests(EventCoreConformance.eventHeaders());
  }

  @TestFactory
  Stream<DynamicTest> eventLogs() {
    return tests(EventCoreConformance.eventLogs());
  }

  /** Guards against a vector file silently losing cases (a bad merge, a truncated copy). */
  @Test
  void everyFileHasItsVectors() {
    assertEquals(151, Vectors.ed25519Wycheproof().size());
    assertEquals(4, Vectors.rfc8032().size());
    assertEquals(35, Vectors.blake3().cases().size());
  }

  @Test
  void runReportsEveryCase() {
    List<ConformanceCase> cases = EventCoreConformance.all();
    EventCoreConformance.Report report = EventCoreConformance.run(cases);
    assertEquals(List.of(), report.failures());
    assertEquals(cases.size(), report.passed());
  }

  private static Stream<DynamicTest> tests(List<ConformanceCase> cases) {
    return cases.stream().map(c -> dynamicTest(c.name(), c.check()::run));
  }
}
