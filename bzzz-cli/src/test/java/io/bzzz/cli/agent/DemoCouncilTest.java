package io.bzzz.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.cli.testing.BzzzCli;
import io.bzzz.testing.ChildProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bzzz demo --scenario council --headless --exit-when-done} as a child process: the council
 * delivers its five subtasks, and the reader's first plan is sent back by the members' objection
 * and approved in round 2, as the summary (read from the agents' signed logs) says.
 */
class DemoCouncilTest {
  @TempDir Path dir;

  @Test
  void theCouncilDemoDeliversAfterOneObjectionIsResolved() {
    try (ChildProcess demo =
        BzzzCli.start(
            "demo",
            "--scenario",
            "council",
            "--headless",
            "--exit-when-done",
            "--timeout",
            "240",
            "--data-dir",
            dir.resolve("demo").toString())) {
      assertThat(demo.awaitExit(Duration.ofMinutes(5))).as(demo.describe()).isZero();
      List<String> out = demo.stdoutLines();
      assertThat(out)
          .anyMatch(l -> l.startsWith("summary: council 1 delivered") && l.contains("5 done"));
      // round 1 of the reader's plan: both other members object with the block's reason
      assertThat(out)
          .anyMatch(
              l ->
                  l.startsWith("discussion: task #")
                      && l.contains("Write the notes reader: round 1 sent back")
                      && l.contains("objected: " + DemoCouncil.OBJECTION));
      assertThat(out)
          .anyMatch(l -> l.contains("Write the notes reader: revised plan approved in round 2"));
      // every subtask's plan was discussed and approved; only the reader's after objections
      assertThat(out)
          .anyMatch(
              l ->
                  l.startsWith("summary: plan discussions: 5 approved, 1 of them after objections")
                      && l.endsWith("; 0 escalated"));
    }
  }
}
