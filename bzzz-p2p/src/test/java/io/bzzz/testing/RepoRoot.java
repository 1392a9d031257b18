package io.bzzz.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository root (the directory holding interop/) for tests in any module. */
public final class RepoRoot {
  private RepoRoot() {}

  public static Path path() {
    String prop = System.getProperty("bzzz.root");
    if (prop != null && Files.isDirectory(Path.of(prop, "interop"))) {
      return Path.of(prop).toAbsolutePath();
    }
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isDirectory(dir.resolve("interop")) && Files.exists(dir.resolve("pom.xml"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException("cannot find the repository root (no interop/ above the cwd)");
  }

  public static Path interop() {
    Path dir = path().resolve("interop");
    if (!Files.isDirectory(dir.resolve("node_modules"))) {
      throw new IllegalStateException(
          "interop/node_modules is missing: run 'npm ci' in interop/ (scripts/test does it)");
    }
    return dir;
  }
}
