package io.bzzz.agent.runtime;

import io.bzzz.agent.config.AgentConfig;
import io.bzzz.agent.config.ConfigException;
import io.bzzz.agent.exec.CommandExecutor;
import io.bzzz.agent.exec.ExecutionLimits;
import io.bzzz.agent.exec.Executor;
import io.bzzz.agent.exec.ProcessRunner;
import io.bzzz.agent.exec.Sandbox;
import io.bzzz.agent.exec.ScriptExecutor;
import io.bzzz.agent.exec.llm.ChatClient;
import io.bzzz.agent.exec.llm.LlmExecutor;
import io.bzzz.agent.exec.llm.OllamaClient;
import io.bzzz.agent.exec.llm.OpenAiClient;
import io.bzzz.agent.exec.sandbox.ContainerEngine;
import io.bzzz.agent.exec.sandbox.ContainerProbe;
import io.bzzz.agent.exec.sandbox.ContainerSandbox;
import io.bzzz.tracker.http.Sleeper;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;

/** Builds the configured executor ({@code --executor}, {@code --sandbox}) in one place. */
public final class ExecutorFactory {
  private ExecutorFactory() {}

  /**
   * @param scratch a directory outside every workspace for script and task files
   * @param env the agent's environment (PATH for the container engine, its socket variables)
   * @param http the client for model servers; its owner closes it
   */
  public static Executor create(
      AgentConfig config, Path scratch, Map<String, String> env, HttpClient http) {
    AgentConfig.Execution ex = config.execution();
    ExecutionLimits limits = new ExecutionLimits(ex.timeLimit(), ex.outputLimit());
    ProcessRunner runner = new ProcessRunner();
    Sandbox sandbox =
        switch (ex.sandbox()) {
          case NONE -> Sandbox.host();
          case CONTAINER -> containerSandbox(ex, scratch, env, runner);
        };
    AgentConfig.Llm llm = config.llm();
    return switch (ex.executor()) {
      case SCRIPT -> new ScriptExecutor(runner, ex.trustedAuthors(), scratch, limits, sandbox);
      case COMMAND -> new CommandExecutor(runner, ex.command(), scratch, limits, sandbox);
      case OLLAMA ->
          llm(
              new OllamaClient(
                  http, llm.url().orElseThrow(), llm.model().orElseThrow(), llm.numCtx()),
              runner,
              limits,
              sandbox,
              llm);
      case OPENAI ->
          llm(
              new OpenAiClient(
                  http, llm.url().orElseThrow(), llm.model().orElseThrow(), llm.apiKey()),
              runner,
              limits,
              sandbox,
              llm);
    };
  }

  /**
   * The container sandbox with the limits this host's engine accepts: one probe run at start, so a
   * refused limit is named once in the log instead of failing every task.
   */
  private static ContainerSandbox containerSandbox(
      AgentConfig.Execution ex, Path scratch, Map<String, String> env, ProcessRunner runner) {
    ContainerEngine engine =
        ContainerEngine.detect(env.getOrDefault("PATH", ""))
            .orElseThrow(
                () ->
                    new ConfigException(
                        "sandbox: 'container' needs podman or docker, and neither is"
                            + " on the PATH; install one (podman runs without a root"
                            + " daemon) or use --sandbox none"));
    Path statusRoot = scratch.resolve("container-status");
    ContainerSandbox.Settings wanted =
        ContainerSandbox.Settings.defaults(ex.containerImage()).withRuntime(ex.containerRuntime());
    try {
      ContainerSandbox.Settings settings =
          new ContainerProbe(runner, scratch.resolve("container-probe"))
              .probe(s -> new ContainerSandbox(engine, s, env, statusRoot), wanted)
              .settings();
      return new ContainerSandbox(engine, settings, env, statusRoot);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConfigException("sandbox: interrupted while probing the container engine");
    }
  }

  /** The tool loop over {@code client}, on real time. */
  private static LlmExecutor llm(
      ChatClient client,
      ProcessRunner runner,
      ExecutionLimits limits,
      Sandbox sandbox,
      AgentConfig.Llm llm) {
    return new LlmExecutor(
        client, runner, limits, sandbox, llm.maxTurns(), InstantSource.system(), Sleeper.REAL);
  }
}
