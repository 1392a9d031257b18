package io.bzzz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.testing.RepoRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./bzzz} launcher with the packaged CLI: it prepares a class-data-sharing archive once
 * per build and JDK and starts the CLI from it. Runs on a copy of the launcher, its scripts and the
 * packaged jars (no sources beside them, so the launcher does not rebuild).
 */
class LauncherIT {
  private static final String FROM_ARCHIVE = "io.bzzz.cli.Bzzz source: shared objects file (top)";
  private static final String PREPARING = "preparing class data sharing";

  @TempDir Path root;

  @BeforeEach
  void copyLauncherAndPackagedCli() throws IOException {
    Path repo = RepoRoot.path();
    for (String file : List.of("bzzz", "scripts/find-jdk.sh", "scripts/cds-archive")) {
      Path to = root.resolve(file);
      Files.createDirectories(to.getParent());
      Files.copy(repo.resolve(file), to);
      to.toFile().setExecutable(true);
    }
    Path target = root.resolve("bzzz-cli/target");
    Files.createDirectories(target.resolve("lib"));
    Files.copy(repo.resolve("bzzz-cli/target/bzzz.jar"), target.resolve("bzzz.jar"));
    try (Stream<Path> jars = Files.list(repo.resolve("bzzz-cli/target/lib"))) {
      for (Path jar : jars.toList()) {
        Files.copy(jar, target.resolve("lib").resolve(jar.getFileName()));
      }
    }
  }

  @Test
  void preparesTheArchiveOnceAndStartsFromIt() throws Exception {
    Run first = bzzz(Map.of());
    assertThat(first.exit()).as(first.output()).isZero();
    assertThat(first.output()).contains(PREPARING).contains(FROM_ARCHIVE);

    Run second = bzzz(Map.of());
    assertThat(second.exit()).as(second.output()).isZero();
    assertThat(second.output()).doesNotContain(PREPARING).contains(FROM_ARCHIVE);
  }

  @Test
  void startsWithoutTheArchiveWhenItIsOffOrDamaged() throws Exception {
    Run off = bzzz(Map.of("BZZZ_CDS", "off"));
    assertThat(off.exit()).as(off.output()).isZero();
    assertThat(off.output()).doesNotContain(PREPARING).doesNotContain(FROM_ARCHIVE);

    assertThat(bzzz(Map.of()).output()).contains(FROM_ARCHIVE);
    Path archive;
    try (Stream<Path> files = Files.list(root.resolve("bzzz-cli/target/cds"))) {
      archive = files.filter(f -> f.toString().endsWith(".jsa")).findFirst().orElseThrow();
    }
    // a damaged file on disk: the JVM refuses the archive and the CLI still runs
    byte[] bytes = Files.readAllBytes(archive);
    for (int i = 64; i < 4096 && i < bytes.length; i++) {
      bytes[i] = (byte) ~bytes[i];
    }
    Files.write(archive, bytes);
    Run damaged = bzzz(Map.of());
    assertThat(damaged.exit()).as(damaged.output()).isZero();
    assertThat(damaged.output()).doesNotContain(FROM_ARCHIVE).containsPattern("(?m)^bzzz \\S+$");
  }

  private record Run(int exit, String output) {}

  /** {@code ./bzzz --version} with class loading logged, stdout and stderr together. */
  private Run bzzz(Map<String, String> env) throws Exception {
    Path log = Files.createTempFile(root, "run", ".log");
    ProcessBuilder pb =
        new ProcessBuilder(root.resolve("bzzz").toString(), "--version")
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("BZZZ_JAVA_OPTS", "-Xlog:class+load=info");
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(3, TimeUnit.MINUTES)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError("./bzzz --version took over 3 minutes");
    }
    return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }
}
