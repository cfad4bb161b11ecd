package org.walkaway.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.walkaway.architecture.WalkawayModules.COMPOSING_MODULES;
import static org.walkaway.architecture.WalkawayModules.CORE;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.lang.module.ModuleDescriptor;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.walkaway.architecture.WalkawayModules.BuiltModule;

/**
 * DESIGN.md's rules of composition, checked on the compiled classes of every Walkaway module (see
 * {@link WalkawayModules}): what the code really uses, where the descriptors say what it declares.
 */
@AnalyzeClasses(locations = WalkawayModules.Locations.class)
class ArchitectureRulesTest {

  /** A rule that passed on a partial import would prove nothing, so the import is checked first. */
  @ArchTest
  static void importHoldsEveryClassOfEveryModule(JavaClasses classes) {
    List<BuiltModule> modules = WalkawayModules.all();
    assertTrue(
        modules.stream().anyMatch(module -> module.name().equals(CORE)), "no " + CORE + " in " + modules);
    for (BuiltModule module : modules) {
      Set<String> expected = WalkawayModules.classNamesIn(module.output());
      assertFalse(expected.isEmpty(), module.folder() + ": no classes in " + module.output());
      Set<String> missing = new TreeSet<>(expected);
      missing.removeIf(classes::contain);
      assertEquals(
          Set.of(), missing, module.folder() + ": classes in " + module.output() + " not imported");
    }
  }

  @ArchTest
  static void packagesOfAModuleHaveNoCycles(JavaClasses classes) {
    slices()
        .assignedFrom(new PackagesOfModules(WalkawayModules.all()))
        .should()
        .beFreeOfCycles()
        .check(classes);
  }

  @ArchTest
  static void internalPackagesAreUsedOnlyByTheirOwnModule(JavaClasses classes) {
    List<ArchRule> rules =
        moduleNames(WalkawayModules.all()).stream()
            .map(
                module ->
                    noClasses()
                        .that()
                        .resideOutsideOfPackage(module + "..")
                        .should()
                        .dependOnClassesThat()
                        .resideInAPackage(module + "..internal..")
                        .as("the internal packages of " + module + " are used by " + module + " only")
                        .because("the implementation of a module is not part of its API")
                        // With a single module there is no other module's code to check.
                        .allowEmptyShould(true))
            .toList();
    CompositeArchRule.of(rules).check(classes);
  }

  @ArchTest
  static void modulesUnderModulesFolderUseNoWalkawayCodeButCore(JavaClasses classes) {
    List<ArchRule> rules =
        moduleNames(WalkawayModules.underModulesFolder()).stream()
            .filter(module -> !COMPOSING_MODULES.contains(module))
            .map(
                module ->
                    noClasses()
                        .that()
                        .resideInAPackage(module + "..")
                        .should()
                        .dependOnClassesThat(
                            resideInAPackage("org.walkaway..")
                                .and(resideOutsideOfPackages(ownAndCorePackages(module))))
                        .as(
                            module.equals(CORE)
                                ? CORE + " uses no other Walkaway module"
                                : module + " uses no Walkaway module but itself and " + CORE)
                        .because(
                            "a module under modules/ depends on " + CORE + " and its own libraries,"
                                + " never on a sibling (DESIGN.md, rules of composition)"))
            .toList();
    CompositeArchRule.of(rules).check(classes);
  }

  private static String[] ownAndCorePackages(String module) {
    return Stream.of(module + "..", CORE + "..").distinct().toArray(String[]::new);
  }

  private static List<String> moduleNames(List<BuiltModule> modules) {
    return modules.stream()
        .flatMap(module -> module.descriptor().stream())
        .map(ModuleDescriptor::name)
        .toList();
  }

  /**
   * One slice per package of each module, except that a package and the {@code internal} packages
   * beneath it form one slice: an API facade calls its implementation and the implementation builds
   * the API's values, so that pair depends both ways by design. Any other cycle is reported.
   * Classes outside the modules' descriptors are not sliced.
   */
  private static final class PackagesOfModules implements SliceAssignment {
    private final Set<String> packagesOfModules = new HashSet<>();

    PackagesOfModules(List<BuiltModule> modules) {
      for (BuiltModule module : modules) {
        module.descriptor().ifPresent(descriptor -> packagesOfModules.addAll(descriptor.packages()));
      }
    }

    @Override
    public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
      String packageName = javaClass.getPackageName();
      if (!packagesOfModules.contains(packageName)) {
        return SliceIdentifier.ignore();
      }
      int internal = (packageName + ".").indexOf(".internal.");
      String apiPackage = internal < 0 ? packageName : packageName.substring(0, internal);
      return SliceIdentifier.of(apiPackage);
    }

    @Override
    public String getDescription() {
      return "packages of Walkaway modules (a package together with its .internal packages)";
    }
  }
}
