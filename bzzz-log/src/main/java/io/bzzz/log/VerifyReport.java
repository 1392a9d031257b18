package io.bzzz.log;

import java.util.List;

/**
 * The outcome of {@link LogVerifier#verify}: the signed length and every problem found, each naming
 * the block(s) or file at fault. At most {@link LogVerifier#MAX_PROBLEMS} are listed. Notes are
 * what is not a problem but worth saying: bytes beyond the durable head, which no head covered and
 * so no append acknowledged (an append interrupted before its head was written).
 */
public record VerifyReport(
    long length, List<String> problems, long problemCount, List<String> notes) {
  public VerifyReport {
    problems = List.copyOf(problems);
    notes = List.copyOf(notes);
  }

  public boolean ok() {
    return problemCount == 0;
  }
}
