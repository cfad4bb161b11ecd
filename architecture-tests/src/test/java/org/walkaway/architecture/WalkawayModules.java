package org.walkaway.architecture;

import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.LocationProvider;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.NodeList;

/**
 * The Walkaway modules these tests check, found from the build rather than listed by hand, so that
 * a module added later is checked without anyone remembering to add it here.
 *
 * <p>The list of modules is the root pom's {@code <modules>} entries under {@code modules/}: what
 * the reactor builds is what ships. Each one's compiled classes are taken from this test's class
 * path, where Maven puts the dependencies of {@code architecture-tests/pom.xml} (the reactor's
 * {@code target/classes} or jar, or the local repository's jar when this module is built alone).
 * A module that is in the build but not on the class path is reported by {@link
 * ModuleDescriptorTest#everyModuleInTheBuildIsOnTheTestClassPath()} instead of being skipped.
 */
final class WalkawayModules {
  static final String CORE = "org.walkaway.core";

  /**
   * Modules under {@code modules/} that may use their siblings. DESIGN.md, "Rules of composition":
   * {@code streams} is the only module that knows all the others.
   */
  static final Set<String> COMPOSING_MODULES = Set.of("org.walkaway.streams");

  private static final String MODULES_FOLDER = "modules/";
  private static final String THIS_ARTIFACT = "architecture-tests";
  private static final Pattern LOCAL_REPOSITORY_JAR =
      Pattern.compile(".*/org/walkaway/([^/]+)/[^/]+/\\1-[^/]+\\.jar");

  private static final Path ROOT = findRoot();
  private static final List<String> FOLDERS_IN_BUILD = readModuleFoldersOfRootPom();
  private static final Map<String, Path> OUTPUTS_ON_CLASS_PATH = walkawayOutputsOnClassPath();

  private WalkawayModules() {}

  /** A Walkaway module of the build and where its compiled classes are. */
  record BuiltModule(String folder, Path output, Optional<ModuleDescriptor> descriptor) {
    boolean isUnderModulesFolder() {
      return folder.startsWith(MODULES_FOLDER);
    }

    /** The module name, or the folder when there is no descriptor to name it. */
    String name() {
      return descriptor.map(ModuleDescriptor::name).orElse(folder);
    }

    @Override
    public String toString() {
      return folder;
    }
  }

  static Path root() {
    return ROOT;
  }

  /** Folders under {@code modules/} that the root pom builds, e.g. {@code modules/event-core}. */
  static List<String> moduleFoldersInBuild() {
    return FOLDERS_IN_BUILD.stream().filter(folder -> folder.startsWith(MODULES_FOLDER)).toList();
  }

  /** Folders under {@code modules/} with a pom that the root pom does not build (yet). */
  static List<String> moduleFoldersOutsideBuild() {
    try (Stream<Path> children = Files.list(ROOT.resolve(MODULES_FOLDER))) {
      return children
          .filter(child -> Files.isRegularFile(child.resolve("pom.xml")))
          .map(child -> MODULES_FOLDER + child.getFileName())
          .filter(folder -> !FOLDERS_IN_BUILD.contains(folder))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The folders under {@code modules/} that are in the build but whose classes are not here. */
  static List<String> moduleFoldersMissingFromClassPath() {
    return moduleFoldersInBuild().stream()
        .filter(folder -> !OUTPUTS_ON_CLASS_PATH.containsKey(artifactId(folder)))
        .toList();
  }

  /**
   * Every Walkaway module whose classes are on the test class path: those under {@code modules/}
   * and any other Walkaway artifact this module depends on, modules/ first, each group sorted.
   */
  static List<BuiltModule> all() {
    Map<String, String> folderOfArtifact = new LinkedHashMap<>();
    for (String folder : FOLDERS_IN_BUILD) {
      folderOfArtifact.put(artifactId(folder), folder);
    }
    return OUTPUTS_ON_CLASS_PATH.entrySet().stream()
        .map(
            entry -> {
              String folder = folderOfArtifact.getOrDefault(entry.getKey(), entry.getKey());
              return new BuiltModule(folder, entry.getValue(), readDescriptor(entry.getValue()));
            })
        .sorted(
            Comparator.comparing((BuiltModule module) -> !module.isUnderModulesFolder())
                .thenComparing(BuiltModule::folder))
        .toList();
  }

  static List<BuiltModule> underModulesFolder() {
    return all().stream().filter(BuiltModule::isUnderModulesFolder).toList();
  }

  /** Feeds the ArchUnit tests with exactly the compiled classes of {@link #all()}. */
  static final class Locations implements LocationProvider {
    @Override
    public Set<Location> get(Class<?> testClass) {
      return all().stream()
          .map(module -> Location.of(module.output().toUri()))
          .collect(Collectors.toSet());
    }
  }

  /** Class names, binary form ({@code a.b.Outer$Inner}), of every class file in an output. */
  static Set<String> classNamesIn(Path output) {
    try {
      if (Files.isDirectory(output)) {
        try (Stream<Path> files = Files.walk(output)) {
          return files
              .filter(Files::isRegularFile)
              .map(file -> output.relativize(file).toString().replace(File.separatorChar, '/'))
              .filter(WalkawayModules::isClassOtherThanModuleInfo)
              .map(WalkawayModules::classNameOf)
              .collect(Collectors.toSet());
        }
      }
      try (JarFile jar = new JarFile(output.toFile())) {
        return jar.stream()
            .map(JarEntry::getName)
            .filter(name -> !name.startsWith("META-INF/"))
            .filter(WalkawayModules::isClassOtherThanModuleInfo)
            .map(WalkawayModules::classNameOf)
            .collect(Collectors.toSet());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isClassOtherThanModuleInfo(String entry) {
    return entry.endsWith(".class") && !entry.endsWith("module-info.class");
  }

  private static String classNameOf(String entry) {
    return entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
  }

  /**
   * The module descriptor compiled into an output, read the way the JDK reads a module path entry;
   * empty when there is none (a jar without one would only be an automatic module).
   */
  private static Optional<ModuleDescriptor> readDescriptor(Path output) {
    // ModuleFinder reads a directory without module-info.class as a directory *of* modules.
    if (Files.isDirectory(output) && !Files.isRegularFile(output.resolve("module-info.class"))) {
      return Optional.empty();
    }
    return ModuleFinder.of(output).findAll().stream()
        .map(ModuleReference::descriptor)
        .filter(descriptor -> !descriptor.isAutomatic())
        .findFirst();
  }

  private static String artifactId(String folder) {
    // STYLE.md, "Layout": folder name = artifactId.
    return folder.substring(folder.lastIndexOf('/') + 1);
  }

  private static Path findRoot() {
    String configured = System.getProperty("walkaway.root");
    Path start = Path.of(configured != null ? configured : System.getProperty("user.dir"));
    for (Path candidate = start.toAbsolutePath().normalize();
        candidate != null;
        candidate = candidate.getParent()) {
      if (Files.isRegularFile(candidate.resolve("pom.xml"))
          && Files.isDirectory(candidate.resolve(MODULES_FOLDER))) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "no Walkaway root (a folder with pom.xml and modules/) at or above " + start);
  }

  private static List<String> readModuleFoldersOfRootPom() {
    try {
      var factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      NodeList modules =
          factory
              .newDocumentBuilder()
              .parse(ROOT.resolve("pom.xml").toFile())
              .getElementsByTagName("module");
      List<String> folders = new ArrayList<>();
      for (int i = 0; i < modules.getLength(); i++) {
        String folder = modules.item(i).getTextContent().strip();
        while (folder.endsWith("/")) {
          folder = folder.substring(0, folder.length() - 1);
        }
        folders.add(folder);
      }
      return List.copyOf(folders);
    } catch (Exception e) {
      throw new IllegalStateException("cannot read the <modules> of " + ROOT.resolve("pom.xml"), e);
    }
  }

  /**
   * Walkaway main outputs on the class path, by artifactId: {@code <root>/<folder>/target/classes},
   * {@code <root>/<folder>/target/<artifact>-<version>.jar}, or a jar under {@code org/walkaway/}
   * in a Maven repository. Test classes and test jars are not what ships, so they are left out.
   */
  private static Map<String, Path> walkawayOutputsOnClassPath() {
    // Surefire may launch through a manifest-only jar; it then names the real path here.
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Map<String, Path> outputs = new LinkedHashMap<>();
    for (String entry : classPath.split(File.pathSeparator)) {
      if (entry.isBlank()) {
        continue;
      }
      Path path = Path.of(entry).toAbsolutePath().normalize();
      if (!Files.exists(path) || path.getFileName().toString().endsWith("-tests.jar")) {
        continue;
      }
      artifactIdOf(path)
          .filter(artifactId -> !artifactId.equals(THIS_ARTIFACT))
          .ifPresent(artifactId -> outputs.putIfAbsent(artifactId, path));
    }
    return Map.copyOf(outputs);
  }

  private static Optional<String> artifactIdOf(Path path) {
    if (path.startsWith(ROOT)) {
      Path relative = ROOT.relativize(path);
      Path target = relative.getParent();
      boolean isMainOutput =
          target != null
              && target.getFileName().toString().equals("target")
              && (relative.getFileName().toString().equals("classes")
                  || relative.getFileName().toString().endsWith(".jar"));
      if (isMainOutput && target.getParent() != null) {
        return Optional.of(target.getParent().getFileName().toString());
      }
      return Optional.empty();
    }
    Matcher jar = LOCAL_REPOSITORY_JAR.matcher(path.toString().replace(File.separatorChar, '/'));
    return jar.matches() ? Optional.of(jar.group(1)) : Optional.empty();
  }
}
