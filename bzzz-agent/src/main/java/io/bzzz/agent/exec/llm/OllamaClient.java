package io.bzzz.agent.exec.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ollama's native {@code POST /api/chat}, streamed as NDJSON: one JSON object per line, {@code
 * "done": true} on the last; an {@code {"error": ...}} line reports a failure part-way. The context
 * size is set with {@code options.num_ctx} (Ollama's default is too small for tool use).
 */
public final class OllamaClient implements ChatClient {
  private final StreamingHttp http;
  private final ObjectMapper json = new ObjectMapper();
  private final URI base;
  private final String model;
  private final int numCtx;
  private final AtomicInteger callIds = new AtomicInteger(); // Ollama sends no call ids

  public OllamaClient(HttpClient client, URI base, String model, int numCtx) {
    this.http = new StreamingHttp(client, json);
    this.base = base;
    this.model = model;
    this.numCtx = numCtx;
  }

  @Override
  public String name() {
    return "ollama";
  }

  @Override
  public AssistantTurn chat(List<ChatMessage> history, List<ToolSpec> tools, Duration timeout)
      throws LlmException, InterruptedException {
    ObjectNode body = ChatRequest.body(json, model, history, this::encode, tools);
    body.putObject("options").put("num_ctx", numCtx);

    StringBuilder content = new StringBuilder();
    List<ToolCall> calls = new ArrayList<>();
    try (StreamingHttp.Stream stream =
        http.post("ollama", base.resolve("/api/chat"), body, Map.of(), timeout)) {
      for (Optional<String> line = stream.lines.next();
          line.isPresent();
          line = stream.lines.next()) {
        if (line.get().isBlank()) {
          continue;
        }
        JsonNode chunk = http.chunk("ollama", line.get());
        JsonNode msg = chunk.path("message");
        content.append(msg.path("content").asText(""));
        for (JsonNode call : msg.path("tool_calls")) {
          JsonNode fn = call.path("function");
          JsonNode args = fn.path("arguments");
          calls.add(
              new ToolCall(
                  "call_" + callIds.incrementAndGet(),
                  fn.path("name").asText(""),
                  args.isTextual() ? args.asText() : args.toString()));
        }
        if (chunk.path("done").asBoolean(false)) {
          return new AssistantTurn(content.toString(), calls);
        }
      }
    } catch (IOException e) {
      throw new LlmException(
          LlmException.Kind.STREAM_BROKEN,
          "the ollama stream broke: " + e.getMessage(),
          Optional.empty(),
          e);
    }
    throw new LlmException(
        LlmException.Kind.STREAM_BROKEN, "the ollama stream ended before \"done\"");
  }

  private ObjectNode encode(ChatMessage m) {
    ObjectNode n = json.createObjectNode();
    n.put("role", m.role());
    n.put("content", m.content());
    if (!m.toolCalls().isEmpty()) {
      ArrayNode calls = n.putArray("tool_calls");
      for (ToolCall c : m.toolCalls()) {
        ObjectNode fn = calls.addObject().putObject("function");
        fn.put("name", c.name());
        fn.set("arguments", argumentsObject(c.argumentsJson()));
      }
    }
    m.toolName().ifPresent(t -> n.put("tool_name", t));
    return n;
  }

  /** Ollama wants arguments as an object; malformed ones are echoed back as an empty object. */
  private JsonNode argumentsObject(String raw) {
    try {
      JsonNode n = json.readTree(raw);
      return n != null && n.isObject() ? n : json.createObjectNode();
    } catch (IOException e) {
      return json.createObjectNode();
    }
  }
}
