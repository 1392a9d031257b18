package io.bzzz.agent.exec;

import static io.bzzz.agent.exec.Tasks.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.agent.exec.ExecutionResult.Outcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScratchFileRunTest {
  @TempDir Path tmp;
  Path workspace;
  Path scratch;

  @BeforeEach
  void dirs() throws Exception {
    workspace = Files.createDirectory(tmp.resolve("ws"));
    scratch = tmp.resolve("scratch");
  }

  private ExecutionResult run(Path scratchDir, String program) throws InterruptedException {
    return new ScratchFileRun(
            new ProcessRunner(), scratchDir, ExecutionLimits.DEFAULT, Sandbox.host())
        .run(
            task("alice", "body"),
            workspace,
            new ScratchFileRun.ScratchFile(
                "probe file", "probe-", ".txt", "from the file".getBytes(StandardCharsets.UTF_8)),
            new ScratchFileRun.Program(
                program,
                "the probe",
                file ->
                    ProcessSpec.of(
                        List.of(program, "-c", "cat \"$1\"", "sh", file.toString()), workspace)));
  }

  @Test
  void theProgramReadsTheFileWhichIsGoneAfterwards() throws Exception {
    ExecutionResult r = run(scratch, "sh");

    assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(r.outputExcerpt()).contains("from the file");
    try (var left = Files.list(scratch)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void anUnwritableScratchDirectoryIsRetryLater() throws Exception {
    Path notADirectory = Files.writeString(tmp.resolve("file"), "x");

    ExecutionResult r = run(notADirectory.resolve("scratch"), "sh");

    assertThat(r.outcome()).isEqualTo(Outcome.RETRY_LATER);
    assertThat(r.reason()).startsWith("cannot write the probe file in ");
  }

  @Test
  void aProgramThatCannotStartIsAMissingCapabilityAndLeavesNoFile() throws Exception {
    ExecutionResult r = run(scratch, tmp.resolve("no-such-shell").toString());

    assertThat(r.outcome()).isEqualTo(Outcome.MISSING_CAPABILITY);
    assertThat(r.reason()).startsWith("cannot start " + tmp.resolve("no-such-shell"));
    try (var left = Files.list(scratch)) {
      assertThat(left).isEmpty();
    }
  }
}
