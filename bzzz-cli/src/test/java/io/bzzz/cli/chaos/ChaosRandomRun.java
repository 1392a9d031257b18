package io.bzzz.cli.chaos;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The longer, seeded chaos run that {@code scripts/chaos --minutes N --seed S [--tasks T]} starts
 * ({@code bzzz.chaos.*} system properties). Its name does not match the test runner's patterns, so
 * {@code mvn verify} never collects it (it would only be skipped there); the script names it with
 * {@code -Dtest}. Same harness and goals as {@link ChaosTest}.
 */
@Tag("netns")
@Tag("chaos")
class ChaosRandomRun {
  @Test
  void randomisedSchedule() throws Exception {
    int minutes = Integer.getInteger("bzzz.chaos.minutes", 5);
    long seed = Long.getLong("bzzz.chaos.seed", 1);
    ChaosTopology topology =
        new ChaosTopology(5, 3, Integer.getInteger("bzzz.chaos.tasks", 100), 3);
    Path runDir = ChaosTest.runDir();
    ChaosTest.print("run directory " + runDir);
    ChaosReport report =
        new ChaosRun(
                topology,
                FaultSchedule.random(seed, minutes, topology),
                seed,
                Duration.ofMinutes(3),
                ChaosTest::print)
            .run(runDir);
    ChaosTest.assertGoals(report);
  }
}
