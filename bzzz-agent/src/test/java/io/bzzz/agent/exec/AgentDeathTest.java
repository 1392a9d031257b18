package io.bzzz.agent.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task's processes die with the agent that runs them, even when the agent is SIGKILLed and cannot
 * clean up: otherwise the task finishes on its own and a restarted agent runs it again.
 */
class AgentDeathTest {
  @TempDir Path dir;

  @Test
  void aSigkilledAgentTakesItsTaskProcessesAndTheirBackgroundChildrenWithIt() throws Exception {
    Path cleaned = dir.resolve("cleaned");
    Process agent =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElseThrow(),
                "-cp",
                System.getProperty("java.class.path"),
                TaskInChildJvm.class.getName(),
                dir.toString(),
                cleaned.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("agent.log").toFile())
            .start();
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> hasPid(dir.resolve("task.pid")) && hasPid(dir.resolve("background.pid")));
      long task = pid(dir.resolve("task.pid"));
      long background = pid(dir.resolve("background.pid"));
      assertThat(ProcessRunnerTest.isGone(task)).as("task runs before the kill").isFalse();

      agent.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
      agent.waitFor();

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                assertThat(ProcessRunnerTest.isGone(task)).as("task %d", task).isTrue();
                assertThat(ProcessRunnerTest.isGone(background))
                    .as("background child %d", background)
                    .isTrue();
              });
      assertThat(cleaned).as("the cleanup for things outside the group ran").exists();
      assertThat(dir.resolve("done")).as("the task never got to finish").doesNotExist();
    } finally {
      agent.destroyForcibly();
    }
  }

  @Test
  void aNormalEndDoesNotRunTheCleanupMeantForAnAgentsDeath() throws Exception {
    Path cleaned = dir.resolve("cleaned");
    ProcessOutcome out =
        new ProcessRunner()
            .run(
                ProcessSpec.of(List.of("sh", "-c", "echo ran"), dir)
                    .withCleanupOnKill(List.of("touch", cleaned.toString())));

    assertThat(out.exitCode()).isZero();
    assertThat(out.output()).isEqualTo("ran\n");
    // A watcher that took the normal end for the agent's death would run the cleanup soon after:
    // give it the time.
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(5))
        .until(() -> !Files.exists(cleaned));
  }

  private static boolean hasPid(Path file) throws java.io.IOException {
    return Files.exists(file) && !Files.readString(file).isBlank();
  }

  private static long pid(Path file) throws java.io.IOException {
    return Long.parseLong(Files.readString(file).strip());
  }
}
