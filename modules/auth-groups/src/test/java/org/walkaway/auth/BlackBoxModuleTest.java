package org.walkaway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module as another module sees it. The sources under {@code src/test/blackbox} form a named
 * module that {@code requires org.walkaway.auth}; this test compiles them with javac against the
 * module path the tests run on (so only exported packages can be named: a second module that names
 * {@code org.walkaway.auth.internal} must fail to compile), loads the result in a module layer
 * above the boot layer (so the JVM enforces the same boundary), and runs its scenario: group
 * operations, a capability chain delivered as delegation events, a revocation, writes admitted and
 * refused.
 */
class BlackBoxModuleTest {
  private static final Path SOURCES = Path.of("src/test/blackbox");
  private static final Path INTRUDER = Path.of("src/test/blackbox-internal");

  private static String compile(Path sources, String module, Path out) throws IOException {
    ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow(() -> new AssertionError("no javac in this JDK"));
    List<String> args = new ArrayList<>(List.of("--release", "21", "-d", out.toString(),
        "--module-path", System.getProperty("jdk.module.path"), "--module-source-path", sources.toString(),
        "--module", module));
    StringWriter messages = new StringWriter();
    int status = javac.run(new PrintWriter(messages), new PrintWriter(messages), args.toArray(String[]::new));
    return status == 0 ? "" : "javac exit " + status + ": " + messages;
  }

  @Test
  void aNamedModuleRunsTheScenarioThroughTheExportedApiOnly(@TempDir Path out) throws Exception {
    assertTrue(ModuleLayer.boot().findModule("org.walkaway.auth").isPresent(), "the tests must run on the module path");
    assertEquals("", compile(SOURCES, "org.walkaway.auth.blackbox", out));

    Configuration configuration = ModuleLayer.boot().configuration()
        .resolve(ModuleFinder.of(out.resolve("org.walkaway.auth.blackbox")), ModuleFinder.of(), Set.of("org.walkaway.auth.blackbox"));
    ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(configuration, ClassLoader.getSystemClassLoader());
    Module blackbox = layer.findModule("org.walkaway.auth.blackbox").orElseThrow();
    assertTrue(blackbox.canRead(Groups.class.getModule()));
    assertTrue(Groups.class.getModule().isExported("org.walkaway.auth", blackbox));
    assertTrue(!Groups.class.getModule().isExported("org.walkaway.auth.internal", blackbox), "internal is not exported");

    Class<?> scenario = layer.findLoader("org.walkaway.auth.blackbox").loadClass("org.walkaway.auth.blackbox.Scenario");
    @SuppressWarnings("unchecked")
    List<String> log = (List<String>) scenario.getMethod("run").invoke(null);

    List<String> admitted = log.stream().filter(l -> l.startsWith("admitted ")).toList();
    assertEquals(List.of("admitted create", "admitted bobHi", "admitted grantBob", "admitted grantCarol",
        "admitted carolLetter", "admitted removeBob", "admitted revokeCarol"), admitted, String.join("\n", log));
    assertRefused(log, "malloryHi", "has no access");
    assertRefused(log, "bobAfterRemoval", "has no access");
    assertRefused(log, "malloryLetter", "capability");
    assertRefused(log, "carolAgain", "capability Revoked");
    assertTrue(log.contains("held 0"), String.join("\n", log));
    assertTrue(log.contains("bob in group none"), String.join("\n", log));
    assertTrue(log.contains("alice in group MANAGE"), String.join("\n", log));
  }

  private static void assertRefused(List<String> log, String name, String reason) {
    List<String> found = log.stream().filter(l -> l.startsWith("refused " + name + ":")).toList();
    assertEquals(1, found.size(), name + " should be refused once:\n" + String.join("\n", log));
    assertTrue(found.get(0).contains(reason), found.get(0));
  }

  @Test
  void theInternalPackageCannotBeNamedFromOutside(@TempDir Path out) throws Exception {
    String failure = compile(INTRUDER, "org.walkaway.auth.intruder", out);
    assertNotEquals("", failure, "a module that names org.walkaway.auth.internal must not compile");
    assertTrue(failure.contains("not visible") || failure.contains("does not export"), failure);
  }

  @Test
  void theBlackBoxSourcesAreWhereTheTestExpectsThem() throws IOException {
    try (Stream<Path> files = Files.walk(SOURCES)) {
      assertTrue(files.anyMatch(p -> p.endsWith("Scenario.java")), "run from the module's directory");
    }
  }
}
