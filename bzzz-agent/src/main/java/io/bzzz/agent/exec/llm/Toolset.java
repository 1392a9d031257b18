package io.bzzz.agent.exec.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The workspace tools (or, without a workspace, only {@code finish}) plus the tools of one job. A
 * job's tool runs only on a JSON object of arguments; its refusals are answered as {@code error:}
 * text like every other tool problem.
 */
public final class Toolset implements Toolbox {
  private final ObjectMapper json = new ObjectMapper();
  private final Optional<Toolbox> base;
  private final Map<String, TaskTool> extra = new LinkedHashMap<>();

  private Toolset(Optional<Toolbox> base, List<TaskTool> tools) {
    this.base = base;
    for (TaskTool t : tools) {
      if (extra.put(t.spec().name(), t) != null) {
        throw new IllegalArgumentException("two tools named " + t.spec().name());
      }
    }
  }

  /** The workspace's tools and {@code tools}. */
  public static Toolset of(Toolbox workspace, List<TaskTool> tools) {
    return new Toolset(Optional.of(workspace), tools);
  }

  /** {@code tools} and {@code finish}, no workspace: a conversation that only calls the tracker. */
  public static Toolset withoutWorkspace(List<TaskTool> tools) {
    return new Toolset(Optional.empty(), tools);
  }

  @Override
  public List<ToolSpec> specs() {
    List<ToolSpec> out = new ArrayList<>();
    for (ToolSpec s : base.map(Toolbox::specs).orElse(List.of(WorkspaceTools.finishSpec()))) {
      if (!s.name().equals("finish")) {
        out.add(s);
      }
    }
    extra.values().forEach(t -> out.add(t.spec()));
    out.add(WorkspaceTools.finishSpec()); // last, as the way out
    return out;
  }

  @Override
  public ToolResult call(ToolCall call, Duration remaining) throws InterruptedException {
    TaskTool tool = extra.get(call.name());
    if (tool == null && !call.name().equals("finish")) {
      boolean known =
          base.isPresent()
              && base.get().specs().stream().anyMatch(s -> s.name().equals(call.name()));
      return known
          ? base.get().call(call, remaining)
          : ToolResult.text(
              "error: there is no tool '"
                  + call.name()
                  + "'; use "
                  + String.join(", ", specs().stream().map(ToolSpec::name).toList()));
    }
    JsonNode args;
    try {
      args = json.readTree(call.argumentsJson().isBlank() ? "{}" : call.argumentsJson());
    } catch (IOException e) {
      return ToolResult.text("error: the arguments of " + call.name() + " are not valid JSON");
    }
    if (args == null || !args.isObject()) {
      return ToolResult.text("error: the arguments of " + call.name() + " must be a JSON object");
    }
    if (tool == null) {
      return WorkspaceTools.finish(args);
    }
    try {
      return ToolResult.text(tool.call(args));
    } catch (TaskTool.Refused e) {
      return ToolResult.text("error: " + call.name() + ": " + e.getMessage());
    }
  }
}
