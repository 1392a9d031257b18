package io.bzzz.log.replication;

import io.bzzz.log.VerificationException;
import java.nio.file.Path;

/**
 * A peer proved a second signed tree for a length we hold; both heads are kept in {@link
 * #evidence}.
 */
public final class ForkDetectedException extends VerificationException {
  private final Path evidence;

  public ForkDetectedException(long length, Path evidence) {
    super(
        "fork detected at length "
            + length
            + ": the signer signed two different trees; evidence in "
            + evidence);
    this.evidence = evidence;
  }

  public Path evidence() {
    return evidence;
  }
}
