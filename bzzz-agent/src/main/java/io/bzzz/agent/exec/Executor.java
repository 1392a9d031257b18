package io.bzzz.agent.exec;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Does a task in a workspace. Implementations never throw for task-caused problems (bad input, a
 * failing script, a model error): those are results. Only interruption (the agent is shutting down)
 * escapes, after the work has been stopped.
 */
public interface Executor {

  /** The executor's name as in {@code --executor}. */
  String name();

  /**
   * Whether {@link TaskDetails#comments} must be filled: reading them costs one tracker call per
   * task, paid only by executors that decide on them (the script executor's approvals).
   */
  default boolean readsComments() {
    return false;
  }

  ExecutionResult execute(TaskDetails task, Path workspace) throws InterruptedException;

  /**
   * As {@link #execute(TaskDetails, Path)}; an executor that ends in one program also has its exit
   * code written to {@code exitStatusFile} the moment it ends (see {@link ProcessSpec}). The others
   * ignore it, and a run of theirs cut short by the agent's death is done again.
   */
  default ExecutionResult execute(TaskDetails task, Path workspace, Optional<Path> exitStatusFile)
      throws InterruptedException {
    return execute(task, workspace);
  }
}
