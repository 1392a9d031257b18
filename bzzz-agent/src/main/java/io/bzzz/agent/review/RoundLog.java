package io.bzzz.agent.review;

import io.bzzz.agent.coordination.TaskRef;
import java.util.Map;

/** Where each round is recorded: the agent's signed log (a {@code task_progress} entry). */
@FunctionalInterface
public interface RoundLog {
  void round(TaskRef task, Map<String, ?> fields);
}
