package io.bzzz.agent.exec.sandbox;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * A container engine client found on the PATH: podman is preferred (no root daemon), then docker.
 */
public record ContainerEngine(Kind kind, Path executable) {

  public enum Kind {
    PODMAN,
    DOCKER
  }

  /** The first engine on {@code path}, podman before docker. */
  public static Optional<ContainerEngine> detect(String path) {
    for (Kind kind : Kind.values()) {
      String name = kind.name().toLowerCase(Locale.ROOT);
      for (String dir : path.split(File.pathSeparator)) {
        if (dir.isBlank()) {
          continue;
        }
        Path p = Path.of(dir, name);
        if (Files.isRegularFile(p) && Files.isExecutable(p)) {
          return Optional.of(new ContainerEngine(kind, p));
        }
      }
    }
    return Optional.empty();
  }
}
