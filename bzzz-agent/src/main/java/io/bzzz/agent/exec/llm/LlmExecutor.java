package io.bzzz.agent.exec.llm;

import io.bzzz.agent.exec.ExecutionLimits;
import io.bzzz.agent.exec.ExecutionResult;
import io.bzzz.agent.exec.Executor;
import io.bzzz.agent.exec.ProcessRunner;
import io.bzzz.agent.exec.Sandbox;
import io.bzzz.agent.exec.TaskDetails;
import io.bzzz.tracker.http.Sleeper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;

/**
 * The {@code ollama} and {@code openai} executors: a {@link ToolLoop} against a {@link ChatClient},
 * with the workspace tools. The executor's time limit bounds the whole loop, and each command the
 * model runs as well.
 */
public final class LlmExecutor implements Executor {
  private final ChatClient client;
  private final ProcessRunner runner;
  private final ExecutionLimits limits;
  private final Sandbox sandbox;
  private final int maxTurns;
  private final InstantSource clock;
  private final Sleeper sleeper;

  public LlmExecutor(
      ChatClient client,
      ProcessRunner runner,
      ExecutionLimits limits,
      Sandbox sandbox,
      int maxTurns,
      InstantSource clock,
      Sleeper sleeper) {
    this.client = client;
    this.runner = runner;
    this.limits = limits;
    this.sandbox = sandbox;
    this.maxTurns = maxTurns;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  @Override
  public String name() {
    return client.name();
  }

  @Override
  public ExecutionResult execute(TaskDetails task, Path workspace) throws InterruptedException {
    return execute(task, workspace, List.of());
  }

  /**
   * The task in the workspace, with {@code tools} offered beside the workspace's (the review
   * round's {@code reply}).
   */
  public ExecutionResult execute(TaskDetails task, Path workspace, List<TaskTool> tools)
      throws InterruptedException {
    WorkspaceTools files;
    try {
      files =
          new WorkspaceTools(workspace, runner, limits.timeLimit(), limits.outputLimit(), sandbox);
    } catch (IOException e) {
      return ExecutionResult.of(
          ExecutionResult.Outcome.RETRY_LATER,
          "cannot open the workspace " + workspace + ": " + e.getMessage(),
          "",
          java.time.Duration.ZERO);
    }
    return loop().run(task, tools.isEmpty() ? files : Toolset.of(files, tools));
  }

  /**
   * A conversation without a workspace: the model sees {@code system} and {@code prompt} and may
   * call only {@code tools} and {@code finish} (the council lead's planning).
   *
   * @param ref what it is about, for logs
   */
  public ExecutionResult converse(String ref, String system, String prompt, List<TaskTool> tools)
      throws InterruptedException {
    return loop().run(ref, system, prompt, Toolset.withoutWorkspace(tools));
  }

  private ToolLoop loop() {
    return new ToolLoop(client, maxTurns, limits.timeLimit(), clock, sleeper, limits.outputLimit());
  }
}
