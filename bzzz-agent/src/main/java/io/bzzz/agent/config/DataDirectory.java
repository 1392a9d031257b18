package io.bzzz.agent.config;

import io.bzzz.p2p.files.OwnerOnly;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares the agent's data directory before anything is written to it: the directory and the ones
 * the agent keeps in it (its signed log, workspaces with clones and task files, scratch files) only
 * for its owner, mode 0700. The subdirectories are ours, so an older, wider one is narrowed; the
 * data directory itself may be the user's choice (even their home), so a wide one is only warned
 * about, as ssh does.
 */
public final class DataDirectory {
  /** The agent's own subdirectories (see {@code Agent}, {@code Workspaces}). */
  static final List<String> OWN = List.of("log", "workspaces", "scratch");

  private static final Logger log = LoggerFactory.getLogger(DataDirectory.class);

  private DataDirectory() {}

  public static void prepare(Path dataDir) throws IOException {
    if (Files.isDirectory(dataDir)) {
      Optional<String> mode = OwnerOnly.openToOthers(dataDir);
      if (mode.isPresent()) {
        log.atWarn()
            .addKeyValue("dir", dataDir)
            .addKeyValue("mode", mode.get())
            .log("data directory is accessible by others; run 'chmod 700 " + dataDir + "'");
      }
    } else {
      OwnerOnly.createDirectories(dataDir);
    }
    for (String name : OWN) {
      Path dir = dataDir.resolve(name);
      if (Files.isDirectory(dir)) {
        OwnerOnly.tighten(dir);
      } else {
        OwnerOnly.createDirectories(dir);
      }
    }
  }
}
