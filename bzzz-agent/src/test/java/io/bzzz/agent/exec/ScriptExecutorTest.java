package io.bzzz.agent.exec;

import static io.bzzz.agent.exec.Tasks.scriptBody;
import static io.bzzz.agent.exec.Tasks.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.agent.exec.ExecutionResult.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScriptExecutorTest {
  @TempDir Path tmp;
  Path workspace;
  Path scratch;

  @BeforeEach
  void dirs() throws Exception {
    workspace = Files.createDirectory(tmp.resolve("ws"));
    scratch = tmp.resolve("scratch");
  }

  private ScriptExecutor executor(Duration limit, int output) {
    return new ScriptExecutor(
        new ProcessRunner(),
        Set.of("Alice"),
        scratch,
        new ExecutionLimits(limit, output),
        Sandbox.host());
  }

  private ScriptExecutor executor() {
    return executor(Duration.ofMinutes(1), 64 * 1024);
  }

  @Test
  void aTrustedScriptWritesAFileAndSucceeds() throws Exception {
    ExecutionResult r =
        executor()
            .execute(
                task("alice", scriptBody("mkdir -p out\necho hello > out/a.txt\necho ok")),
                workspace);

    assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(r.summary()).isEqualTo("ok");
    assertThat(Files.readString(workspace.resolve("out/a.txt"))).isEqualTo("hello\n");
    // The script file lives outside the workspace and is gone afterwards.
    try (Stream<Path> files = Files.list(workspace)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("out");
    }
    try (Stream<Path> files = Files.list(scratch)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void aFailingCommandFailsTheScriptWithItsExitCode() throws Exception {
    ExecutionResult r =
        executor().execute(task("alice", scriptBody("echo before\nfalse\necho after")), workspace);

    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.reason()).contains("exited with code 1");
    assertThat(r.outputExcerpt()).contains("before").doesNotContain("after");
    assertThat(r.wantsHelp()).isFalse();
  }

  @Test
  void anExplicitExitCodeIsReported() throws Exception {
    ExecutionResult r = executor().execute(task("alice", scriptBody("exit 42")), workspace);
    assertThat(r.reason()).contains("code 42");
  }

  @Test
  void anUntrustedAuthorsScriptDoesNotRun() throws Exception {
    ExecutionResult r = executor().execute(task("mallory", scriptBody("touch pwned")), workspace);

    assertThat(r.outcome()).isEqualTo(Outcome.NOT_RUN);
    assertThat(r.reason()).contains("mallory").contains("--trusted-author");
    assertThat(workspace.resolve("pwned")).doesNotExist();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "no block here, just text",
        "```bzzz-script\ntouch pwned\n```\n```bzzz-script\ntouch pwned2\n```",
        "```bzzz-script\ntouch pwned\n",
        "```sh\ntouch pwned\n```"
      })
  void malformedBodiesDoNotRunAndSayWhy(String body) throws Exception {
    ExecutionResult r = executor().execute(task("alice", body), workspace);

    assertThat(r.outcome()).isEqualTo(Outcome.NOT_RUN);
    assertThat(r.reason()).startsWith("the script did not run: ").contains("bzzz-script");
    assertThat(workspace.resolve("pwned")).doesNotExist();
  }

  @Test
  void hugeOutputIsCapped() throws Exception {
    ExecutionResult r =
        executor(Duration.ofMinutes(2), 8192)
            .execute(task("alice", scriptBody("seq 1 2000000\necho END")), workspace);

    assertThat(r.outcome()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(r.outputExcerpt()).startsWith("1\n2\n").endsWith("END\n").contains("omitted");
    assertThat(r.outputExcerpt().length()).isLessThan(8192 + 100);
  }

  @Test
  void aScriptThatNeverEndsIsKilledWithItsChildrenAndAsksForHelp() throws Exception {
    ExecutionResult r =
        executor(Duration.ofSeconds(2), 4096)
            .execute(task("alice", scriptBody("sleep 1000 &\necho child=$!\nwait")), workspace);

    assertThat(r.outcome()).isEqualTo(Outcome.TIMED_OUT);
    assertThat(r.wantsHelp()).isTrue();
    assertThat(r.reason()).contains("PT2S");
    long child = Long.parseLong(r.outputExcerpt().strip().substring("child=".length()));
    assertThat(ProcessRunnerTest.isGone(child)).isTrue();
  }

  // --- Who vouched for the script's exact text ---

  static final String SCRIPT = "touch side-effect";

  private static TaskDetails.TaskComment comment(String author, String body) {
    return new TaskDetails.TaskComment(author, body, false);
  }

  private static String approval(String script) {
    return "Looks fine.\n" + ScriptTrust.APPROVE + " sha256:" + ScriptTrust.sha256(script) + "\n";
  }

  private ExecutionResult run(TaskDetails task) throws Exception {
    return executor().execute(task, workspace);
  }

  @Test
  void aBodyEditedByAnUntrustedCollaboratorDoesNotRunAndTheReasonSaysHowToApprove()
      throws Exception {
    ExecutionResult r =
        run(task("alice", scriptBody(SCRIPT)).withBodyEditors(List.of("alice", "mallory")));

    assertThat(r.outcome()).isEqualTo(Outcome.NOT_RUN);
    assertThat(r.reason())
        .contains("edited by 'mallory'")
        .contains("bzzz-approve sha256:" + ScriptTrust.sha256(SCRIPT + "\n"));
    assertThat(workspace.resolve("side-effect")).doesNotExist();
  }

  @Test
  void aBodyEditedOnlyByTrustedAuthorsRuns() throws Exception {
    ExecutionResult r =
        run(task("alice", scriptBody(SCRIPT)).withBodyEditors(List.of("ALICE", "alice")));

    assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(workspace.resolve("side-effect")).exists();
  }

  @Test
  void whenTheTrackerCannotSayWhoEditedOnlyAnApprovalCounts() throws Exception {
    TaskDetails unknown =
        new TaskDetails(
            "github",
            "demo/sample",
            7,
            "t",
            scriptBody(SCRIPT),
            "alice",
            List.of("bzzz-task"),
            "u",
            "bzzz/task-7");

    ExecutionResult refused = run(unknown);
    assertThat(refused.outcome()).isEqualTo(Outcome.NOT_RUN);
    assertThat(refused.reason())
        .contains("does not say who edited the issue body")
        .contains("bzzz-approve sha256:" + ScriptTrust.sha256(SCRIPT + "\n"));
    assertThat(workspace.resolve("side-effect")).doesNotExist();

    ExecutionResult approved =
        run(unknown.withComments(List.of(comment("alice", approval(SCRIPT + "\n")))));
    assertThat(approved.outcome()).as(approved.reason()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(workspace.resolve("side-effect")).exists();
  }

  @Test
  void anApprovalOfTheExactTextByATrustedAuthorRunsAnUntrustedAuthorsScript() throws Exception {
    ExecutionResult r =
        run(
            task("mallory", scriptBody(SCRIPT))
                .withComments(List.of(comment("Alice", approval(SCRIPT + "\n")))));

    assertThat(r.outcome()).as(r.reason()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(workspace.resolve("side-effect")).exists();
  }

  @Test
  void approvalsThatDoNotVouchForThisExactTextDoNotCount() throws Exception {
    String exact = SCRIPT + "\n";
    List<List<TaskDetails.TaskComment>> notEnough =
        List.of(
            List.of(comment("alice", approval(SCRIPT))), // the hash of other text (no newline)
            List.of(comment("mallory", approval(exact))), // an untrusted approver
            List.of(new TaskDetails.TaskComment("alice", approval(exact), true)), // edited later
            List.of(comment("alice", "I approve: sha256:" + ScriptTrust.sha256(exact))),
            List.of(comment("alice", "`" + approval(exact).strip() + "` is what you'd write")));
    for (List<TaskDetails.TaskComment> comments : notEnough) {
      ExecutionResult r = run(task("mallory", scriptBody(SCRIPT)).withComments(comments));
      assertThat(r.outcome()).as(comments.toString()).isEqualTo(Outcome.NOT_RUN);
      assertThat(r.reason()).contains("'mallory' is not a trusted author");
    }
    assertThat(workspace.resolve("side-effect")).doesNotExist();
  }
}
