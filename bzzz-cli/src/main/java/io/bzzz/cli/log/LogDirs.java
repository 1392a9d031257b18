package io.bzzz.cli.log;

import io.bzzz.cli.CliFailure;
import io.bzzz.log.LogOptions;
import io.bzzz.log.SignedLog;
import io.bzzz.log.storage.LogFiles;
import io.bzzz.log.storage.StorageException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opening a log directory for a command, with errors a user can act on. */
final class LogDirs {
  private LogDirs() {}

  static SignedLog open(Path dir) {
    if (!Files.exists(dir.resolve(LogFiles.META))) {
      throw new CliFailure(
          "no log in " + dir + " (create one with 'bzzz log init --dir " + dir + "')");
    }
    try {
      return SignedLog.open(dir, LogOptions.DEFAULT);
    } catch (StorageException e) {
      throw new CliFailure(dir + ": " + e.getMessage());
    }
  }
}
