package io.bzzz.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The longer, seeded chaos run that {@code scripts/chaos --minutes N --seed S [--tasks T]} starts
 * ({@code bzzz.chaos.*} system properties); {@code --runs K} runs seeds S to S+K-1 one after the
 * other and prints a summary over all of them. Its name does not match the test runner's patterns,
 * so {@code mvn verify} never collects it (it would only be skipped there); the script names it
 * with {@code -Dtest}. Same harness and goals as {@link ChaosTest}.
 */
@Tag("netns")
@Tag("chaos")
class ChaosRandomRun {
  @Test
  void randomisedSchedule() throws Exception {
    int minutes = Integer.getInteger("bzzz.chaos.minutes", 5);
    long firstSeed = Long.getLong("bzzz.chaos.seed", 1);
    int runs = Integer.getInteger("bzzz.chaos.runs", 1);
    ChaosTopology topology =
        new ChaosTopology(5, 3, Integer.getInteger("bzzz.chaos.tasks", 100), 3);
    Path base = ChaosTest.runDir();
    List<ChaosReport> reports = new ArrayList<>();
    for (long seed = firstSeed; seed < firstSeed + runs; seed++) {
      Path runDir = runs == 1 ? base : Files.createDirectories(base.resolve("seed-" + seed));
      ChaosTest.print("run directory " + runDir);
      ChaosReport report =
          new ChaosRun(
                  topology,
                  FaultSchedule.random(seed, minutes, topology),
                  seed,
                  Duration.ofMinutes(3),
                  ChaosTest::print)
              .run(runDir);
      ChaosTest.print(report.table());
      reports.add(report);
    }
    ChaosTest.print(summary(reports));
    assertThat(reports.stream().filter(r -> !r.passed()).map(ChaosReport::seed))
        .as("seeds with a task not done exactly once or a log failing verify (tables above)")
        .isEmpty();
  }

  /** One line per seed, then the totals: what the README quotes. */
  static String summary(List<ChaosReport> reports) {
    StringBuilder out = new StringBuilder("chaos runs: seed, faults, done/tasks, duplicate");
    out.append(" executions, lost, left claimed, wall time\n");
    for (ChaosReport r : reports) {
      out.append(
          String.format(
              Locale.ROOT,
              "  %4d  %3d  %3d/%-3d  %d  %d  %d  %d s%n",
              r.seed(),
              r.faults().values().stream().mapToInt(Integer::intValue).sum(),
              r.done(),
              r.tasks(),
              r.duplicateExecutions(),
              r.lost(),
              r.leftClaimed(),
              r.wallTime().toSeconds()));
    }
    long clean = reports.stream().filter(ChaosReport::passed).count();
    out.append(
        String.format(
            Locale.ROOT,
            "clean runs %d of %d; duplicate executions %d; lost tasks %d%n",
            clean,
            reports.size(),
            reports.stream().mapToLong(ChaosReport::duplicateExecutions).sum(),
            reports.stream().mapToLong(ChaosReport::lost).sum()));
    return out.toString();
  }
}
