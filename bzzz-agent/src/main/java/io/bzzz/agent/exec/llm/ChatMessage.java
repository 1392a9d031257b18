package io.bzzz.agent.exec.llm;

import java.util.List;
import java.util.Optional;

/**
 * One message of a chat, in the shape both APIs share.
 *
 * @param role {@code system}, {@code user}, {@code assistant} or {@code tool}
 * @param toolCalls the assistant's tool calls
 * @param toolCallId for a tool result: the call it answers (OpenAI needs it)
 * @param toolName for a tool result: the tool's name (Ollama uses it)
 */
public record ChatMessage(
    String role,
    String content,
    List<ToolCall> toolCalls,
    Optional<String> toolCallId,
    Optional<String> toolName) {

  public ChatMessage {
    toolCalls = List.copyOf(toolCalls);
  }

  public static ChatMessage system(String text) {
    return new ChatMessage("system", text, List.of(), Optional.empty(), Optional.empty());
  }

  public static ChatMessage user(String text) {
    return new ChatMessage("user", text, List.of(), Optional.empty(), Optional.empty());
  }

  public static ChatMessage assistant(String text, List<ToolCall> calls) {
    return new ChatMessage("assistant", text, calls, Optional.empty(), Optional.empty());
  }

  public static ChatMessage toolResult(ToolCall call, String result) {
    return new ChatMessage(
        "tool", result, List.of(), Optional.of(call.id()), Optional.of(call.name()));
  }
}
