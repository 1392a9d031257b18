package io.bzzz.agent.exec;

import static io.bzzz.agent.exec.Tasks.scriptBody;
import static io.bzzz.agent.exec.Tasks.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.agent.exec.ExecutionResult.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
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
    assertThat(Files.list(workspace).map(p -> p.getFileName().toString())).containsExactly("out");
    assertThat(Files.list(scratch)).isEmpty();
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
}
