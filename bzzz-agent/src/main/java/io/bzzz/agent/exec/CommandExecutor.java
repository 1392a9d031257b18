package io.bzzz.agent.exec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a configured program ({@code --command}) in the workspace. The task reaches it only as data:
 * {@code BZZZ_TASK_*} environment variables and a JSON file named by {@code BZZZ_TASK_FILE}. The
 * program is started directly, never through a shell, so nothing in a title or body is ever
 * interpreted.
 */
public final class CommandExecutor implements Executor {
  /**
   * Linux refuses a single environment string over 128 KiB; longer bodies are cut in the variable
   * (and marked) but always complete in the file.
   */
  static final int MAX_ENV_VALUE_CHARS = 32 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<String> command;
  private final ScratchFileRun run;

  /**
   * @param command the program and its fixed arguments, from the configuration
   */
  public CommandExecutor(
      ProcessRunner runner,
      List<String> command,
      Path scratchDir,
      ExecutionLimits limits,
      Sandbox sandbox) {
    if (command.isEmpty()) {
      throw new IllegalArgumentException("the command executor needs --command PROGRAM");
    }
    this.command = List.copyOf(command);
    this.run = new ScratchFileRun(runner, scratchDir, limits, sandbox);
  }

  @Override
  public String name() {
    return "command";
  }

  @Override
  public ExecutionResult execute(TaskDetails task, Path workspace) throws InterruptedException {
    return execute(task, workspace, Map.of(), Optional.empty());
  }

  @Override
  public ExecutionResult execute(TaskDetails task, Path workspace, Optional<Path> exitStatusFile)
      throws InterruptedException {
    return execute(task, workspace, Map.of(), exitStatusFile);
  }

  /**
   * As {@link #execute(TaskDetails, Path)}, with more variables for the program (a review round's
   * {@code BZZZ_REVIEW_*} file paths, docs/review.md); they cannot replace a {@code BZZZ_TASK_*}.
   */
  public ExecutionResult execute(TaskDetails task, Path workspace, Map<String, String> extra)
      throws InterruptedException {
    return execute(task, workspace, extra, Optional.empty());
  }

  private ExecutionResult execute(
      TaskDetails task, Path workspace, Map<String, String> extra, Optional<Path> exitStatusFile)
      throws InterruptedException {
    byte[] json;
    try {
      json = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(toJson(task));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a task always serialises", e);
    }
    return run.run(
        task,
        workspace,
        new ScratchFileRun.ScratchFile("task file", "bzzz-task-", ".json", json),
        new ScratchFileRun.Program(
            command.getFirst(),
            command.getFirst(),
            file ->
                ProcessSpec.of(command, workspace)
                    .withEnvironment(withExtra(environment(task, file, workspace), extra))
                    .withExitStatusFile(exitStatusFile)));
  }

  private static Map<String, String> withExtra(Map<String, String> env, Map<String, String> extra) {
    Map<String, String> out = new LinkedHashMap<>(extra);
    out.putAll(env);
    return out;
  }

  static Map<String, String> environment(TaskDetails task, Path file, Path workspace) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("BZZZ_TASK_TRACKER", envValue(task.tracker()));
    env.put("BZZZ_TASK_REPO", envValue(task.repository()));
    env.put("BZZZ_TASK_NUMBER", Long.toString(task.number()));
    env.put("BZZZ_TASK_TITLE", envValue(task.title()));
    env.put("BZZZ_TASK_BODY", envValue(task.body()));
    env.put("BZZZ_TASK_AUTHOR", envValue(task.author()));
    env.put("BZZZ_TASK_LABELS", envValue(String.join(",", task.labels())));
    env.put("BZZZ_TASK_URL", envValue(task.url()));
    env.put("BZZZ_TASK_BRANCH", envValue(task.branch()));
    env.put("BZZZ_TASK_FILE", file.toString());
    env.put("BZZZ_WORKSPACE", workspace.toString());
    return env;
  }

  /** Environment strings cannot hold NUL and have a size limit; the file has the exact text. */
  private static String envValue(String value) {
    String clean = value.replace("\0", "");
    if (clean.length() <= MAX_ENV_VALUE_CHARS) {
      return clean;
    }
    return clean.substring(0, MAX_ENV_VALUE_CHARS) + "\n[cut: the full text is in BZZZ_TASK_FILE]";
  }

  private static ObjectNode toJson(TaskDetails task) {
    ObjectNode node = JSON.createObjectNode();
    node.put("tracker", task.tracker());
    node.put("repository", task.repository());
    node.put("number", task.number());
    node.put("title", task.title());
    node.put("body", task.body());
    node.put("author", task.author());
    ArrayNode labels = node.putArray("labels");
    task.labels().forEach(labels::add);
    node.put("url", task.url());
    node.put("branch", task.branch());
    return node;
  }
}
