package io.bzzz.agent.exec.llm;

import io.bzzz.agent.exec.ExecutionLimits;
import io.bzzz.agent.exec.ProcessRunner;
import io.bzzz.agent.exec.Sandbox;
import io.bzzz.agent.exec.llm.ScriptedModelServer.Stream;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Scripted model turns in the documented wire shapes: OpenAI's {@code chat.completion.chunk}
 * server-sent events (tool calls keyed by index, arguments in fragments, {@code [DONE]}) and
 * Ollama's NDJSON {@code /api/chat} stream (whole tool calls, {@code done: true} last). Shared by
 * every test that scripts a model.
 */
public final class ModelTurns {
  private ModelTurns() {}

  /** An LLM executor over {@code client} on real time that does not sleep between retries. */
  public static LlmExecutor executor(ChatClient client) {
    return new LlmExecutor(
        client,
        new ProcessRunner(),
        new ExecutionLimits(Duration.ofMinutes(2), 64 * 1024),
        Sandbox.host(),
        12,
        InstantSource.system(),
        d -> {});
  }

  public static String openAiEvent(String deltaJson, String finish) {
    return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
        + "\"model\":\"gpt-test\",\"choices\":[{\"index\":0,\"delta\":"
        + deltaJson
        + ",\"finish_reason\":"
        + (finish == null ? "null" : "\"" + finish + "\"")
        + "}]}\n\n";
  }

  /** A tool call streamed the way OpenAI does: id and name first, arguments in fragments. */
  public static Stream openAiToolTurn(String id, String name, String args) {
    List<String> pieces = new ArrayList<>();
    pieces.add(": keep-alive\n\n");
    pieces.add(openAiEvent("{\"role\":\"assistant\",\"content\":null}", null));
    pieces.add(
        openAiEvent(
            "{\"tool_calls\":[{\"index\":0,\"id\":\""
                + id
                + "\",\"type\":\"function\","
                + "\"function\":{\"name\":\""
                + name
                + "\",\"arguments\":\"\"}}]}",
            null));
    int mid = args.length() / 2;
    for (String part : List.of(args.substring(0, mid), args.substring(mid))) {
      pieces.add(
          openAiEvent(
              "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":" + quote(part) + "}}]}",
              null));
    }
    pieces.add(openAiEvent("{}", "tool_calls"));
    pieces.add("data: [DONE]\n\n");
    return new Stream("text/event-stream", pieces, false);
  }

  public static String ollamaChunk(String content) {
    return "{\"model\":\"llama3.1\",\"created_at\":\"2026-11-22T10:00:00Z\",\"message\":"
        + "{\"role\":\"assistant\",\"content\":"
        + quote(content)
        + "},\"done\":false}\n";
  }

  public static String ollamaToolChunk(String name, String argsObject) {
    return "{\"model\":\"llama3.1\",\"created_at\":\"2026-11-22T10:00:00Z\",\"message\":"
        + "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"function\":{\"name\":\""
        + name
        + "\",\"arguments\":"
        + argsObject
        + "}}]},\"done\":false}\n";
  }

  public static String ollamaDone() {
    return "{\"model\":\"llama3.1\",\"created_at\":\"2026-11-22T10:00:01Z\",\"message\":"
        + "{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\","
        + "\"total_duration\":123,\"eval_count\":7}\n";
  }

  public static Stream ndjson(String... lines) {
    return new Stream("application/x-ndjson", List.of(lines), false);
  }

  /** One Ollama turn: some text, then one tool call with {@code args} (a JSON object). */
  public static Stream ollamaToolTurn(String name, String args) {
    return ndjson(ollamaChunk("Working on it. "), ollamaToolChunk(name, args), ollamaDone());
  }

  /** {@code s} as a JSON string literal. */
  public static String quote(String s) {
    return "\""
        + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\t", "\\t")
        + "\"";
  }
}
