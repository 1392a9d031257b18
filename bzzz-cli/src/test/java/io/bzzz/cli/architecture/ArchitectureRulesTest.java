package io.bzzz.cli.architecture;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.bzzz.cli.architecture.ArchitectureTest.Architecture;
import io.bzzz.cli.architecture.fixture.cycle.a.Ping;
import io.bzzz.cli.architecture.fixture.cycle.b.Pong;
import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.wire.Varint;
import io.bzzz.wire.archfixture.UpwardDependency;
import org.junit.jupiter.api.Test;

/** The architecture rules catch what they are meant to: shown on deliberately bad classes. */
class ArchitectureRulesTest {
  private final ClassFileImporter importer = new ClassFileImporter();

  @Test
  void aPackageCycleFails() {
    assertThatThrownBy(
            () ->
                Architecture.NO_PACKAGE_CYCLES.check(
                    importer.importClasses(Ping.class, Pong.class)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Cycle detected");
    assertThatCode(() -> Architecture.NO_PACKAGE_CYCLES.check(importer.importClasses(Ping.class)))
        .doesNotThrowAnyException();
  }

  @Test
  void anUpwardDependencyBetweenModulesFails() {
    assertThatThrownBy(
            () ->
                Architecture.MODULE_LAYERS.check(
                    importer.importClasses(UpwardDependency.class, PeerId.class)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("UpwardDependency");
    // the allowed direction: p2p uses the base
    assertThatCode(
            () ->
                Architecture.MODULE_LAYERS.check(
                    importer.importClasses(PeerId.class, Varint.class)))
        .doesNotThrowAnyException();
  }
}
