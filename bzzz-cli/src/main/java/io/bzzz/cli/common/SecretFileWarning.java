package io.bzzz.cli.common;

import io.bzzz.p2p.files.OwnerOnly;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A secret file given by the user (a token file) that group or others can read still works, since
 * the user chose it, but gets one warning line naming the file and its mode, never its content.
 */
public final class SecretFileWarning {
  private SecretFileWarning() {}

  /**
   * Prints the warning when {@code file} is open to others; a file that cannot be read (or is no
   * file) is left to the reader's error.
   *
   * @param command {@code bzzz task list}, the prefix of the line
   */
  public static void check(Path file, String what, String command, PrintWriter err) {
    if (!Files.isRegularFile(file)) {
      return;
    }
    Optional<String> mode;
    try {
      mode = OwnerOnly.openToOthers(file);
    } catch (IOException e) {
      return;
    }
    mode.ifPresent(
        m -> {
          err.println(
              command
                  + ": warning: "
                  + what
                  + " "
                  + file
                  + " is accessible by others (mode "
                  + m
                  + "); run 'chmod 600 "
                  + file
                  + "'");
          err.flush();
        });
  }
}
