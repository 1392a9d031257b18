package io.bzzz.agent.exec;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the fenced {@code bzzz-script} block with {@code sh -e} in the workspace, only when
 * a trusted author vouched for its exact text ({@link ScriptTrust}). The script goes to a file in
 * the scratch directory (outside the workspace, so it is not committed) and {@code sh} reads it
 * from there: task text is never spliced into a command line.
 */
public final class ScriptExecutor implements Executor {
  private static final Logger log = LoggerFactory.getLogger(ScriptExecutor.class);

  private final ScriptTrust trust;
  private final ScratchFileRun run;

  /**
   * @param trustedAuthors tracker logins whose scripts may run; compared case-insensitively, as
   *     GitHub and Gitea logins are
   * @param scratchDir where script files are written for the duration of a run
   */
  public ScriptExecutor(
      ProcessRunner runner,
      Set<String> trustedAuthors,
      Path scratchDir,
      ExecutionLimits limits,
      Sandbox sandbox) {
    this.trust = new ScriptTrust(trustedAuthors);
    this.run = new ScratchFileRun(runner, scratchDir, limits, sandbox);
  }

  @Override
  public String name() {
    return "script";
  }

  @Override
  public boolean readsComments() {
    return true; // approvals (bzzz-approve sha256:...) are comments
  }

  @Override
  public ExecutionResult execute(TaskDetails task, Path workspace) throws InterruptedException {
    return execute(task, workspace, Optional.empty());
  }

  @Override
  public ExecutionResult execute(TaskDetails task, Path workspace, Optional<Path> exitStatusFile)
      throws InterruptedException {
    return switch (ScriptBlock.extract(task.body())) {
      case ScriptBlock.Found found -> runIfTrusted(task, workspace, found.script(), exitStatusFile);
      case ScriptBlock.Extraction other ->
          ExecutionResult.notRun("the script did not run: " + ScriptBlock.explain(other));
    };
  }

  private ExecutionResult runIfTrusted(
      TaskDetails task, Path workspace, String script, Optional<Path> exitStatusFile)
      throws InterruptedException {
    return switch (trust.judge(task, script)) {
      case ScriptTrust.Run ok -> {
        log.atInfo().addKeyValue("task", task.ref()).log("script trusted: " + ok.because());
        yield run(task, workspace, script, exitStatusFile);
      }
      case ScriptTrust.Refuse no -> {
        log.atInfo()
            .addKeyValue("task", task.ref())
            .addKeyValue("author", task.author())
            .log("script not run: not vouched for by a trusted author");
        yield ExecutionResult.notRun("the script did not run: " + no.why());
      }
    };
  }

  private ExecutionResult run(
      TaskDetails task, Path workspace, String script, Optional<Path> exitStatusFile)
      throws InterruptedException {
    return run.run(
        task,
        workspace,
        new ScratchFileRun.ScratchFile(
            "script file", "bzzz-script-", ".sh", script.getBytes(StandardCharsets.UTF_8)),
        new ScratchFileRun.Program(
            "sh",
            "the script",
            file ->
                ProcessSpec.of(List.of("sh", "-e", file.toString()), workspace)
                    .withExitStatusFile(exitStatusFile)));
  }
}
