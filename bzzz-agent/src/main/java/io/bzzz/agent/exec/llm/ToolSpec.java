package io.bzzz.agent.exec.llm;

import com.fasterxml.jackson.databind.JsonNode;

/** A tool offered to the model: a name, a description and a JSON schema of its arguments. */
public record ToolSpec(String name, String description, JsonNode parameters) {}
