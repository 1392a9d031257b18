package io.bzzz.agent.council;

import io.bzzz.agent.exec.ExecutionResult;
import io.bzzz.agent.exec.llm.TaskTool;
import java.util.List;

/**
 * A model the council lead can talk to (the agent's LLM executor, {@code LlmExecutor::converse}): a
 * system text and a prompt go in, the model calls {@code tools} and {@code finish}.
 */
@FunctionalInterface
public interface PlanningModel {
  ExecutionResult converse(String ref, String system, String prompt, List<TaskTool> tools)
      throws InterruptedException;
}
