package io.bzzz.log;

import java.util.List;

/**
 * The outcome of {@link LogVerifier#verify}: the signed length and every problem found, each naming
 * the block(s) or file at fault. At most {@link LogVerifier#MAX_PROBLEMS} are listed.
 */
public record VerifyReport(long length, List<String> problems, long problemCount) {
  public VerifyReport {
    problems = List.copyOf(problems);
  }

  public boolean ok() {
    return problemCount == 0;
  }
}
