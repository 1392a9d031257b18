package io.bzzz.agent.exec;

import java.time.Duration;

/** The limits every process an executor starts runs under. */
public record ExecutionLimits(Duration timeLimit, int outputLimit) {
  public static final ExecutionLimits DEFAULT =
      new ExecutionLimits(ProcessSpec.DEFAULT_TIME_LIMIT, ProcessSpec.DEFAULT_OUTPUT_LIMIT);

  public ExecutionLimits {
    if (timeLimit.isNegative() || timeLimit.isZero()) {
      throw new IllegalArgumentException("time limit must be positive, got " + timeLimit);
    }
    if (outputLimit < 2) {
      throw new IllegalArgumentException("output limit must be at least 2 bytes");
    }
  }

  ProcessSpec apply(ProcessSpec spec) {
    return spec.withLimits(timeLimit, outputLimit);
  }
}
