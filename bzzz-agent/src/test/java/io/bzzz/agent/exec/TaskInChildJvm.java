package io.bzzz.agent.exec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A stand-in agent for {@link AgentDeathTest}: a separate JVM that runs one long task through
 * {@link ProcessRunner}, so the test can SIGKILL the "agent" while the task runs.
 *
 * <p>Arguments: the directory for the task's pid files, and the file the cleanup command creates.
 */
public final class TaskInChildJvm {
  private TaskInChildJvm() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    ProcessSpec spec =
        ProcessSpec.of(
                List.of(
                    "sh",
                    "-c",
                    "sleep 1000 & echo $! > background.pid; echo $$ > task.pid; wait; touch done"),
                dir)
            .withLimits(Duration.ofMinutes(5), 4096)
            .withCleanupOnKill(List.of("touch", args[1]));
    new ProcessRunner().run(spec);
  }
}
