package io.bzzz.agent.exec.llm;

/**
 * A tool call as the model sent it. The arguments stay raw JSON text: a model may send malformed
 * JSON, and that is answered to the model as a tool error, not thrown.
 *
 * @param id the call id (OpenAI's, or one we make up for Ollama, which has none)
 */
public record ToolCall(String id, String name, String argumentsJson) {}
