package io.bzzz.agent.exec;

import java.time.Duration;

/**
 * How a process ended.
 *
 * @param exitCode the exit code; meaningless when {@code timedOut}
 * @param output stdout and stderr interleaved, capped (head and tail kept, the cut marked)
 */
public record ProcessOutcome(
    int exitCode, boolean timedOut, String output, boolean outputTruncated, Duration duration) {

  public boolean succeeded() {
    return !timedOut && exitCode == 0;
  }
}
