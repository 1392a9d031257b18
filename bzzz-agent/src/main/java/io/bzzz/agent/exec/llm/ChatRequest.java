package io.bzzz.agent.exec.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Function;

/**
 * The streaming chat request body that Ollama's {@code /api/chat} and OpenAI-compatible {@code
 * /v1/chat/completions} share: model, messages, function tools, {@code stream: true}. Each client
 * encodes its own messages and adds its own options.
 */
final class ChatRequest {
  private ChatRequest() {}

  static ObjectNode body(
      ObjectMapper json,
      String model,
      List<ChatMessage> history,
      Function<ChatMessage, ObjectNode> encode,
      List<ToolSpec> tools) {
    ObjectNode body = json.createObjectNode();
    body.put("model", model);
    ArrayNode messages = body.putArray("messages");
    history.forEach(m -> messages.add(encode.apply(m)));
    ArrayNode toolArray = body.putArray("tools");
    for (ToolSpec t : tools) {
      ObjectNode fn = toolArray.addObject().put("type", "function").putObject("function");
      fn.put("name", t.name())
          .put("description", t.description())
          .set("parameters", t.parameters());
    }
    body.put("stream", true);
    return body;
  }
}
