package io.bzzz.agent.exec.llm;

import java.util.List;

/** What the model answered in one turn, assembled from the stream. */
public record AssistantTurn(String content, List<ToolCall> toolCalls) {
  public AssistantTurn {
    toolCalls = List.copyOf(toolCalls);
  }

  public ChatMessage asMessage() {
    return ChatMessage.assistant(content, toolCalls);
  }
}
