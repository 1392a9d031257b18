package io.bzzz.agent.exec.llm;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A tool that belongs to one kind of job rather than to the workspace: the review round's {@code
 * reply}, the council lead's {@code create_subtask}. Its arguments arrive as a JSON object; what it
 * answers is the text the model sees.
 */
public interface TaskTool {
  ToolSpec spec();

  /**
   * @throws Refused when the call cannot be done as asked; its message is the tool error the model
   *     sees, and the tool has changed nothing
   */
  String call(JsonNode arguments) throws Refused;

  /** A call refused with a reason for the model. */
  final class Refused extends Exception {
    public Refused(String reason) {
      super(reason);
    }
  }
}
