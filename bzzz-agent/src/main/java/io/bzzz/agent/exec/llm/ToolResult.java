package io.bzzz.agent.exec.llm;

import java.util.Optional;

/**
 * What one tool call produced: text for the model, and the model's closing statement once it called
 * {@code finish}.
 */
public record ToolResult(String text, Optional<Finish> finish) {

  /** The model's closing statement. */
  public record Finish(boolean success, String summary) {}

  public static ToolResult text(String text) {
    return new ToolResult(text, Optional.empty());
  }
}
