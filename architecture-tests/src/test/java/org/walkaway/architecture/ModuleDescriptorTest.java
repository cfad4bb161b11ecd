package org.walkaway.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.walkaway.architecture.WalkawayModules.COMPOSING_MODULES;
import static org.walkaway.architecture.WalkawayModules.CORE;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Exports;
import java.lang.module.ModuleDescriptor.Requires;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.walkaway.architecture.WalkawayModules.BuiltModule;

/**
 * DESIGN.md's rules of composition, read from the compiled module descriptors: what each module
 * declares it needs ({@code requires}) and what it shows ({@code exports}).
 */
class ModuleDescriptorTest {

  @BeforeAll
  static void sayWhatIsChecked() {
    System.out.println("Walkaway modules checked (folder -> classes):");
    for (BuiltModule module : WalkawayModules.all()) {
      System.out.println("  " + module + " -> " + module.output());
    }
    List<String> outside = WalkawayModules.moduleFoldersOutsideBuild();
    if (!outside.isEmpty()) {
      System.out.println("Not in the root pom's <modules>, so not checked: " + outside);
    }
  }

  static Stream<BuiltModule> modules() {
    return WalkawayModules.all().stream();
  }

  /** A module without a descriptor fails {@link #hasADescriptor} and is left out of the rest. */
  static Stream<BuiltModule> modulesWithDescriptor() {
    return modules().filter(module -> module.descriptor().isPresent());
  }

  static Stream<BuiltModule> modulesUnderModulesFolderWithDescriptor() {
    return modulesWithDescriptor().filter(BuiltModule::isUnderModulesFolder);
  }

  @Test
  void everyModuleInTheBuildIsOnTheTestClassPath() {
    assertEquals(
        List.of(),
        WalkawayModules.moduleFoldersMissingFromClassPath(),
        "these modules are built by the root pom but not checked here: add each one to"
            + " architecture-tests/pom.xml as a test-scope dependency (folder name = artifactId)");
  }

  @Test
  void theCoreIsFound() {
    // If discovery found nothing, every rule below would pass on nothing.
    assertTrue(
        WalkawayModules.underModulesFolder().stream().anyMatch(module -> module.name().equals(CORE)),
        "org.walkaway.core not among " + WalkawayModules.all());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modules")
  void hasADescriptor(BuiltModule module) {
    assertTrue(
        module.descriptor().isPresent(),
        module.folder() + " (" + module.output() + ") has no module-info.class: every Walkaway"
            + " library is a named module with a hand-written module-info.java");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modulesUnderModulesFolderWithDescriptor")
  void requiresNoWalkawayModuleButCore(BuiltModule module) {
    ModuleDescriptor descriptor = module.descriptor().orElseThrow();
    if (COMPOSING_MODULES.contains(descriptor.name())) {
      return; // streams wires the others together by design
    }
    List<String> siblings =
        descriptor.requires().stream()
            .map(Requires::name)
            .filter(name -> name.startsWith("org.walkaway."))
            .filter(name -> !name.equals(CORE))
            .sorted()
            .toList();
    assertEquals(
        List.of(),
        siblings,
        descriptor.name() + " requires sibling modules; a module under modules/ may require only "
            + CORE + " (a needed concern is a small interface of its own, plugged in by streams)");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modulesWithDescriptor")
  void exportsNoInternalPackage(BuiltModule module) {
    List<String> exportedInternals =
        module.descriptor().orElseThrow().exports().stream()
            .map(Exports::source)
            .filter(ModuleDescriptorTest::isInternal)
            .sorted()
            .toList();
    assertEquals(
        List.of(),
        exportedInternals,
        module.name() + " exports implementation packages (qualified exports count too)");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modulesWithDescriptor")
  void keepsEveryPackageUnderItsName(BuiltModule module) {
    // The module name is the root package (STYLE.md, "Layout"); the ArchUnit rules rely on it.
    ModuleDescriptor descriptor = module.descriptor().orElseThrow();
    List<String> strays =
        descriptor.packages().stream()
            .filter(name -> !name.equals(descriptor.name()))
            .filter(name -> !name.startsWith(descriptor.name() + "."))
            .sorted()
            .toList();
    assertEquals(
        List.of(), strays, "packages of " + descriptor.name() + " outside " + descriptor.name());
  }

  @Test
  void noModuleNameIsThePackagePrefixOfAnother() {
    // Otherwise "org.walkaway.store.." would also match a module named org.walkaway.store.sqlite.
    List<String> names =
        WalkawayModules.all().stream()
            .flatMap(module -> module.descriptor().stream())
            .map(ModuleDescriptor::name)
            .toList();
    List<String> clashes =
        names.stream()
            .flatMap(
                outer ->
                    names.stream()
                        .filter(inner -> inner.startsWith(outer + "."))
                        .map(inner -> outer + " / " + inner))
            .toList();
    assertEquals(List.of(), clashes);
    assertEquals(Set.copyOf(names).size(), names.size(), "two outputs with one module name: " + names);
  }

  static boolean isInternal(String packageName) {
    return packageName.contains("internal");
  }
}
