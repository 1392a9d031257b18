package io.bzzz.agent.exec.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** A tool offered to the model: a name, a description and a JSON schema of its arguments. */
public record ToolSpec(String name, String description, JsonNode parameters) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A tool whose schema is given as JSON text (a constant of the caller's). */
  public static ToolSpec of(String name, String description, String schemaJson) {
    try {
      return new ToolSpec(name, description, JSON.readTree(schemaJson));
    } catch (IOException e) {
      throw new IllegalArgumentException("the schema of " + name + " is not JSON", e);
    }
  }
}
