package io.bzzz.agent.council;

import java.time.Duration;

/**
 * How this agent takes part in councils.
 *
 * @param book the roles file
 * @param deadline how long formation may take when the brief does not say (60 s)
 * @param grace how long a council's subtasks wait for its members before anyone capable may take
 *     them
 * @param maxRoles roles one agent may hold in one council (1)
 * @param discoverEvery how often briefs are looked for (by one agent of the mesh at a time)
 * @param tick the engine's pace: deadlines, re-reads and delivery checks
 */
public record CouncilSettings(
    RoleBook book,
    Duration deadline,
    Duration grace,
    int maxRoles,
    Duration discoverEvery,
    Duration tick) {
  public CouncilSettings {
    if (maxRoles < 1) {
      throw new IllegalArgumentException("an agent may hold at least one role");
    }
    if (tick.isZero() || tick.isNegative() || discoverEvery.isNegative()) {
      throw new IllegalArgumentException("council intervals must be positive");
    }
  }

  public static CouncilSettings defaults(Duration pollInterval) {
    return new CouncilSettings(
        RoleBook.embedded(),
        Duration.ofSeconds(60),
        pollInterval.multipliedBy(3),
        1,
        pollInterval,
        Duration.ofMillis(500));
  }
}
