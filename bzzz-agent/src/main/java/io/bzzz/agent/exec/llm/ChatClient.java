package io.bzzz.agent.exec.llm;

import java.time.Duration;
import java.util.List;

/** One chat completion turn against a model server, streamed and assembled. */
public interface ChatClient {

  /**
   * @param timeout the whole turn's deadline, including the stream
   */
  AssistantTurn chat(List<ChatMessage> history, List<ToolSpec> tools, Duration timeout)
      throws LlmException, InterruptedException;

  /** {@code ollama} or {@code openai}, for messages. */
  String name();
}
