package io.bzzz.cli.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pins the shape of the code: the modules' layering as the README draws it, and no dependency cycle
 * between packages. Runs here because every module's classes are on this module's test classpath.
 * {@link ArchitectureRulesTest} shows each rule failing on a deliberately bad set.
 */
class ArchitectureTest {
  private static JavaClasses production;

  @BeforeAll
  static void importProductionClasses() {
    production =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("io.bzzz");
  }

  @Test
  void modulesDependOnlyOnTheOnesBelowThem() {
    Architecture.MODULE_LAYERS.check(production);
  }

  @Test
  void packagesHaveNoCycles() {
    Architecture.NO_PACKAGE_CYCLES.check(production);
  }

  @Test
  void everyModuleWasImported() {
    // an empty import would pass every rule: make sure each module's classes were seen
    for (String pkg : new String[] {"wire", "p2p", "log", "tracker", "agent", "api", "cli"}) {
      org.assertj.core.api.Assertions.assertThat(
              production.stream().anyMatch(c -> c.getPackageName().startsWith("io.bzzz." + pkg)))
          .as("classes of io.bzzz." + pkg)
          .isTrue();
    }
  }

  /** The rules, shared with the test that proves they fail. */
  static final class Architecture {
    private Architecture() {}

    /**
     * Each module's package root and who may use it: bzzz-wire is the base; p2p and log sit on it;
     * the tracker stands beside them and does not use the p2p layer; agent, api and cli go on top.
     */
    static final ArchRule MODULE_LAYERS =
        layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .withOptionalLayers(true) // everyModuleWasImported checks that none is empty
            .layer("wire")
            .definedBy("io.bzzz.wire..")
            .layer("p2p")
            .definedBy("io.bzzz.p2p..")
            .layer("log")
            .definedBy("io.bzzz.log..")
            .layer("tracker")
            .definedBy("io.bzzz.tracker..")
            .layer("agent")
            .definedBy("io.bzzz.agent..")
            .layer("api")
            .definedBy("io.bzzz.api..")
            .layer("cli")
            .definedBy("io.bzzz.cli..")
            .whereLayer("cli")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("api")
            .mayOnlyBeAccessedByLayers("cli")
            .whereLayer("agent")
            .mayOnlyBeAccessedByLayers("api", "cli")
            .whereLayer("tracker")
            .mayOnlyBeAccessedByLayers("agent", "api", "cli")
            .whereLayer("log")
            .mayOnlyBeAccessedByLayers("agent", "api", "cli")
            .whereLayer("p2p")
            .mayOnlyBeAccessedByLayers("log", "agent", "api", "cli")
            .whereLayer("wire")
            .mayOnlyBeAccessedByLayers("p2p", "log", "tracker", "agent", "api", "cli");

    /**
     * Every package is a slice; no two may depend on each other, directly or around a loop. A
     * parent package may use its subpackages (a facade, a main class listing commands, an assembly)
     * but never the reverse: what its subpackages share lives in a subpackage of its own ({@code
     * cli.common}, {@code tracker.local.names}, {@code tracker.local.files}), and code that picks
     * among a package's implementations sits above it ({@code agent.runtime.ExecutorFactory} over
     * {@code agent.exec} and its {@code llm} and {@code sandbox} subpackages).
     */
    static final ArchRule NO_PACKAGE_CYCLES =
        slices().matching("io.bzzz.(**)").should().beFreeOfCycles();
  }
}
