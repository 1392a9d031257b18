package io.bzzz.agent.exec.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bzzz.agent.config.Credential;
import io.bzzz.agent.config.CredentialUnavailableException;
import io.bzzz.agent.config.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Any OpenAI-compatible {@code POST {base}/chat/completions} (OpenAI, vLLM, llama.cpp, LM Studio,
 * Ollama's {@code /v1}), streamed as server-sent events: {@code data: {chunk}} lines, ended by
 * {@code data: [DONE]}. Tool calls arrive in pieces keyed by {@code index}: the first piece has the
 * id and name, later ones append to the arguments string.
 */
public final class OpenAiClient implements ChatClient {
  private final StreamingHttp http;
  private final ObjectMapper json = new ObjectMapper();
  private final URI completions;
  private final String model;
  private final Optional<Credential> apiKey;

  /**
   * @param base the API base including its version, such as {@code http://host:8000/v1}
   * @param apiKey asked for at each request; renewed once after a refusal (a rotated key)
   */
  public OpenAiClient(HttpClient client, URI base, String model, Optional<Credential> apiKey) {
    this.http = new StreamingHttp(client, json);
    String b = base.toString();
    this.completions = URI.create((b.endsWith("/") ? b : b + "/") + "chat/completions");
    this.model = model;
    this.apiKey = apiKey;
  }

  @Override
  public String name() {
    return "openai";
  }

  private static final class PartialCall {
    String id = "";
    String name = "";
    final StringBuilder arguments = new StringBuilder();
  }

  @Override
  public AssistantTurn chat(List<ChatMessage> history, List<ToolSpec> tools, Duration timeout)
      throws LlmException, InterruptedException {
    ObjectNode body = ChatRequest.body(json, model, history, this::encode, tools);
    Optional<Secret> key = currentKey();
    try {
      return stream(body, key, timeout);
    } catch (LlmException e) {
      if (e.kind() != LlmException.Kind.UNAUTHORIZED || key.isEmpty()) {
        throw e;
      }
      Optional<Secret> renewed = apiKey.orElseThrow().renewAfterRejection(key.get());
      if (renewed.isEmpty()) {
        throw e;
      }
      return stream(body, renewed, timeout); // once: a second refusal stands
    }
  }

  private Optional<Secret> currentKey() throws LlmException {
    try {
      return apiKey.map(Credential::current);
    } catch (CredentialUnavailableException e) {
      throw new LlmException(LlmException.Kind.UNAUTHORIZED, "no API key: " + e.getMessage());
    }
  }

  private AssistantTurn stream(ObjectNode body, Optional<Secret> key, Duration timeout)
      throws LlmException, InterruptedException {
    Map<String, String> headers =
        key.map(k -> Map.of("Authorization", "Bearer " + k.reveal())).orElse(Map.of());

    StringBuilder content = new StringBuilder();
    TreeMap<Integer, PartialCall> calls = new TreeMap<>();
    boolean finished = false;
    try (StreamingHttp.Stream stream =
        http.post("the OpenAI-compatible server", completions, body, headers, timeout)) {
      for (Optional<String> line = stream.lines.next();
          line.isPresent();
          line = stream.lines.next()) {
        String l = line.get();
        if (!l.startsWith("data:")) {
          continue; // blank separators, ": keep-alive" comments, "event:" lines
        }
        String data = l.substring(5).strip();
        if (data.equals("[DONE]")) {
          return turn(content, calls);
        }
        JsonNode chunk = http.chunk("the server", data);
        for (JsonNode choice : chunk.path("choices")) {
          JsonNode delta = choice.path("delta");
          content.append(delta.path("content").asText(""));
          for (JsonNode tc : delta.path("tool_calls")) {
            PartialCall p =
                calls.computeIfAbsent(tc.path("index").asInt(0), i -> new PartialCall());
            if (tc.hasNonNull("id")) {
              p.id = tc.get("id").asText();
            }
            JsonNode fn = tc.path("function");
            if (fn.hasNonNull("name")) {
              p.name = fn.get("name").asText();
            }
            p.arguments.append(fn.path("arguments").asText(""));
          }
          if (choice.hasNonNull("finish_reason")) {
            finished = true;
          }
        }
      }
    } catch (IOException e) {
      throw new LlmException(
          LlmException.Kind.STREAM_BROKEN,
          "the stream broke: " + e.getMessage(),
          Optional.empty(),
          e);
    }
    if (finished) {
      return turn(content, calls); // some servers end without [DONE]
    }
    throw new LlmException(
        LlmException.Kind.STREAM_BROKEN, "the stream ended before a finish_reason or [DONE]");
  }

  private static AssistantTurn turn(StringBuilder content, SortedMap<Integer, PartialCall> calls) {
    List<ToolCall> out = new ArrayList<>();
    calls.forEach(
        (i, p) ->
            out.add(
                new ToolCall(p.id.isEmpty() ? "call_" + i : p.id, p.name, p.arguments.toString())));
    return new AssistantTurn(content.toString(), out);
  }

  private ObjectNode encode(ChatMessage m) {
    ObjectNode n = json.createObjectNode();
    n.put("role", m.role());
    if (m.toolCalls().isEmpty()) {
      n.put("content", m.content());
    } else {
      if (m.content().isEmpty()) {
        n.putNull("content");
      } else {
        n.put("content", m.content());
      }
      ArrayNode calls = n.putArray("tool_calls");
      for (ToolCall c : m.toolCalls()) {
        ObjectNode call = calls.addObject().put("id", c.id()).put("type", "function");
        call.putObject("function").put("name", c.name()).put("arguments", c.argumentsJson());
      }
    }
    m.toolCallId().ifPresent(id -> n.put("tool_call_id", id));
    return n;
  }
}
