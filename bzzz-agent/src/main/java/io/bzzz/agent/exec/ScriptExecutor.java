package io.bzzz.agent.exec;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the fenced {@code bzzz-script} block with {@code sh -e} in the workspace, only when
 * the author is trusted. The script goes to a file in the scratch directory (outside the
 * workspace, so it is not committed) and {@code sh} reads it from there: task text is never spliced
 * into a command line.
 */
public final class ScriptExecutor implements Executor {
  private static final Logger log = LoggerFactory.getLogger(ScriptExecutor.class);

  private final Set<String> trustedAuthors;
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
    this.trustedAuthors =
        trustedAuthors.stream().map(a -> a.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    this.run = new ScratchFileRun(runner, scratchDir, limits, sandbox);
  }

  @Override
  public String name() {
    return "script";
  }

  @Override
  public ExecutionResult execute(TaskDetails task, Path workspace) throws InterruptedException {
    if (!trustedAuthors.contains(task.author().toLowerCase(Locale.ROOT))) {
      log.atInfo()
          .addKeyValue("task", task.ref())
          .addKeyValue("author", task.author())
          .log("script not run: untrusted author");
      return ExecutionResult.notRun(
          "the script did not run: its author '"
              + task.author()
              + "' is not a trusted author of this agent (--trusted-author)");
    }
    return switch (ScriptBlock.extract(task.body())) {
      case ScriptBlock.Found found -> run(task, workspace, found.script());
      case ScriptBlock.Extraction other ->
          ExecutionResult.notRun("the script did not run: " + ScriptBlock.explain(other));
    };
  }

  private ExecutionResult run(TaskDetails task, Path workspace, String script)
      throws InterruptedException {
    return run.run(
        task,
        workspace,
        new ScratchFileRun.ScratchFile(
            "script file", "bzzz-script-", ".sh", script.getBytes(StandardCharsets.UTF_8)),
        new ScratchFileRun.Program(
            "sh",
            "the script",
            file -> ProcessSpec.of(List.of("sh", "-e", file.toString()), workspace)));
  }
}
