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
    WorkspaceTools tools;
    try {
      tools =
          new WorkspaceTools(workspace, runner, limits.timeLimit(), limits.outputLimit(), sandbox);
    } catch (IOException e) {
      return ExecutionResult.of(
          ExecutionResult.Outcome.RETRY_LATER,
          "cannot open the workspace " + workspace + ": " + e.getMessage(),
          "",
          java.time.Duration.ZERO);
    }
    ToolLoop loop =
        new ToolLoop(client, maxTurns, limits.timeLimit(), clock, sleeper, limits.outputLimit());
    return loop.run(task, tools);
  }
}
