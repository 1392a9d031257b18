package io.bzzz.cli.common;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --data-dir D}: default {@code $BZZZ_HOME}, else {@code ~/.bzzz} (DESIGN §7). */
public final class DataDirOption {

  @Option(
      names = "--data-dir",
      paramLabel = "D",
      description = "Data directory (default: $BZZZ_HOME, else ~/.bzzz).")
  Path dataDir;

  public Path dataDir() {
    if (dataDir != null) {
      return dataDir;
    }
    String home = System.getenv("BZZZ_HOME");
    if (home != null && !home.isBlank()) {
      return Path.of(home);
    }
    return Path.of(System.getProperty("user.home"), ".bzzz");
  }
}
