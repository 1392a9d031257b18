package io.bzzz.agent.exec;

import static io.bzzz.agent.exec.Tasks.task;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bzzz.agent.exec.ExecutionResult.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandExecutorTest {
  @TempDir Path tmp;
  Path workspace;
  Path program;

  @BeforeEach
  void setUp() throws Exception {
    workspace = Files.createDirectory(tmp.resolve("ws"));
    program = tmp.resolve("tool.sh");
    // Copies what it received, quoted properly, and the task file, into the workspace.
    Files.writeString(
        program,
        """
        #!/bin/sh
        printf '%s' "$BZZZ_TASK_TITLE" > title.txt
        printf '%s' "$BZZZ_TASK_BODY" > body.txt
        printf '%s' "$BZZZ_TASK_NUMBER $BZZZ_TASK_REPO $BZZZ_TASK_LABELS" > meta.txt
        cp "$BZZZ_TASK_FILE" task.json
        echo handled
        """);
    Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwx------"));
  }

  private CommandExecutor executor(List<String> command) {
    return new CommandExecutor(
        new ProcessRunner(),
        command,
        tmp.resolve("scratch"),
        ExecutionLimits.DEFAULT,
        Sandbox.host());
  }

  @Test
  void taskTextArrivesIntactThroughEnvironmentAndFileAndIsNeverInterpreted() throws Exception {
    String title = "Fix $(touch pwned) `touch pwned2` \"quotes\" 'single'\nsecond line; rm -rf /";
    String body = "body with $HOME and ${PATH} and\nnewlines\n";
    TaskDetails t =
        new TaskDetails(
            "local",
            "demo/sample",
            12,
            title,
            body,
            "alice",
            List.of("bzzz-task", "needs:x"),
            "http://x/12",
            "bzzz/task-12");

    ExecutionResult r = executor(List.of(program.toString())).execute(t, workspace);

    assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(r.summary()).isEqualTo("handled");
    assertThat(Files.readString(workspace.resolve("title.txt"))).isEqualTo(title);
    assertThat(Files.readString(workspace.resolve("body.txt"))).isEqualTo(body);
    assertThat(Files.readString(workspace.resolve("meta.txt")))
        .isEqualTo("12 demo/sample bzzz-task,needs:x");
    JsonNode json = new ObjectMapper().readTree(workspace.resolve("task.json").toFile());
    assertThat(json.get("title").asText()).isEqualTo(title);
    assertThat(json.get("body").asText()).isEqualTo(body);
    assertThat(json.get("number").asLong()).isEqualTo(12);
    assertThat(json.get("labels")).hasSize(2);
    assertThat(workspace.resolve("pwned")).doesNotExist();
    assertThat(workspace.resolve("pwned2")).doesNotExist();
    assertThat(tmp.resolve("scratch")).isEmptyDirectory();
  }

  @Test
  void aHugeBodyIsCutInTheVariableButCompleteInTheFile() throws Exception {
    String body = "y".repeat(500_000);
    ExecutionResult r =
        executor(List.of(program.toString())).execute(task("alice", body), workspace);

    assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(Files.readString(workspace.resolve("body.txt")))
        .hasSizeLessThan(CommandExecutor.MAX_ENV_VALUE_CHARS + 100)
        .endsWith("BZZZ_TASK_FILE]");
    JsonNode json = new ObjectMapper().readTree(workspace.resolve("task.json").toFile());
    assertThat(json.get("body").asText()).isEqualTo(body);
  }

  @Test
  void aNonZeroExitIsAFailureWithTheCode() throws Exception {
    ExecutionResult r =
        executor(List.of("sh", "-c", "echo no; exit 3")).execute(task("a", "b"), workspace);
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.reason()).isEqualTo("sh exited with code 3");
  }

  @Test
  void aMissingProgramIsAMissingCapability() throws Exception {
    ExecutionResult r = executor(List.of("/no/such/tool")).execute(task("a", "b"), workspace);
    assertThat(r.outcome()).isEqualTo(Outcome.MISSING_CAPABILITY);
    assertThat(r.wantsHelp()).isTrue();
    assertThat(r.reason()).contains("/no/such/tool");
  }
}
