package io.bzzz.log;

import io.bzzz.log.storage.StorageException;
import java.nio.file.Path;
import java.util.List;

/**
 * A log directory whose signed state cannot be read back as it was acknowledged. Opening it for
 * writing is refused: continuing from an older head would sign different blocks at indexes a
 * published head already covers, a fork every replica would see. The message names the file(s) and
 * what is wrong, and points to {@code bzzz log repair}.
 */
public final class DamagedLogException extends StorageException {
  private final transient Path dir;
  private final List<String> problems;

  DamagedLogException(Path dir, List<String> problems) {
    super(
        "log is damaged: "
            + String.join("; ", problems)
            + ". Appending could fork the log; run 'bzzz log repair --dir "
            + dir
            + "' to see what can be recovered");
    this.dir = dir;
    this.problems = List.copyOf(problems);
  }

  public Path dir() {
    return dir;
  }

  /** Each problem names the file at fault ({@code head}, {@code data}, {@code tree}). */
  public List<String> problems() {
    return problems;
  }
}
