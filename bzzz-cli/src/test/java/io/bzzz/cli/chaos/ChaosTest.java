package io.bzzz.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The chaos run of issue "Faults end to end" (tags {@code netns}: root and {@code ip}, as CI has;
 * {@code chaos}): five real {@code bzzz agent} processes on three hosts (network namespaces), the
 * local tracker on a fourth, script tasks that append one line to a shared file when they complete.
 * Agents are SIGKILLed and restarted, a host is cut off past the liveness confirmation and healed,
 * the tracker is SIGKILLed and restarted twice, one link gets 200 ms delay and 5 % loss. Afterwards
 * every task must have exactly one completed execution, one pull request, one {@code
 * task_completed} over all logs, none may be left claimed, and every log must verify.
 *
 * <p>{@code scripts/chaos --minutes N --seed S} runs {@link ChaosRandomRun} with a longer seeded
 * schedule (see docs/chaos.md).
 */
@Tag("netns")
@Tag("chaos")
class ChaosTest {
  private static final ChaosTopology CI = new ChaosTopology(5, 3, 100, 3);

  @Test
  @Timeout(value = 12, unit = TimeUnit.MINUTES)
  void everyTaskIsDoneExactlyOnceThroughKillsPartitionAndTrackerRestarts() throws Exception {
    Path runDir = runDir();
    print("run directory " + runDir);
    ChaosReport report =
        new ChaosRun(CI, FaultSchedule.ci(CI), 1, Duration.ofSeconds(90), ChaosTest::print)
            .run(runDir);
    assertGoals(report);
  }

  static void assertGoals(ChaosReport report) {
    print(report.table());
    assertThat(report.faults()).as("faults injected").hasSize(FaultSchedule.Kind.values().length);
    assertThat(report.faults().get(FaultSchedule.Kind.TRACKER_KILL)).isGreaterThanOrEqualTo(2);
    assertThat(report.unverifiedLogs()).as("logs failing bzzz log verify").isEmpty();
    assertThat(report.wrong())
        .as("tasks not done exactly once (see the table above)")
        .map(ChaosReport.TaskOutcome::describe)
        .isEmpty();
  }

  /**
   * Where the run is kept (process logs, executions, data directories) for a look afterwards:
   * {@code bzzz.chaos.dir}, else a new directory under {@code target/chaos}.
   */
  static Path runDir() throws Exception {
    String keep = System.getProperty("bzzz.chaos.dir");
    return keep == null || keep.isBlank()
        ? Files.createDirectories(Path.of("target", "chaos", "run-" + System.currentTimeMillis()))
            .toAbsolutePath()
        : Files.createDirectories(Path.of(keep));
  }

  static void print(String line) {
    System.out.println("chaos: " + line);
    System.out.flush();
  }
}
