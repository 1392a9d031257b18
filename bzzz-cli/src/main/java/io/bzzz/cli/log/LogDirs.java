package io.bzzz.cli.log;

import io.bzzz.cli.common.CliFailure;
import io.bzzz.log.LogOptions;
import io.bzzz.log.SignedLog;
import io.bzzz.log.storage.LogFiles;
import io.bzzz.log.storage.StorageException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opening a log directory for a command, with errors a user can act on. */
final class LogDirs {
  private LogDirs() {}

  /** For appending: rolls back an unacknowledged tail, refuses a damaged log. */
  static SignedLog open(Path dir) {
    requireLog(dir);
    try {
      return SignedLog.open(dir, LogOptions.DEFAULT);
    } catch (StorageException e) {
      throw new CliFailure(dir + ": " + e.getMessage());
    }
  }

  /** For show and info: never changes a byte. */
  static SignedLog openForReading(Path dir) {
    requireLog(dir);
    try {
      return SignedLog.openReadOnly(dir);
    } catch (StorageException e) {
      throw new CliFailure(dir + ": " + e.getMessage());
    }
  }

  static void requireLog(Path dir) {
    if (!Files.exists(dir.resolve(LogFiles.META))) {
      throw new CliFailure(
          "no log in " + dir + " (create one with 'bzzz log init --dir " + dir + "')");
    }
  }
}
