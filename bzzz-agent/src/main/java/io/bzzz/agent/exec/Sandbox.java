package io.bzzz.agent.exec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where task processes run. {@link #host()} runs them directly; a container sandbox rewrites the
 * spec into an engine invocation that mounts the workspace.
 */
public interface Sandbox {

  /**
   * Rewrites {@code spec} to run inside the sandbox.
   *
   * @param workspace the only directory the process may write
   * @param readOnly files or directories the process may read (the script file)
   */
  ProcessSpec wrap(ProcessSpec spec, Path workspace, List<Path> readOnly);

  /**
   * Whether a finished process failed in the sandbox rather than in the task (a container engine
   * that could not start the container): the reason, or empty when the exit code is the task's.
   * Called once for every finished {@code wrapped} spec, so the sandbox may release what {@link
   * #wrap} set up for it.
   */
  default Optional<String> failure(ProcessSpec wrapped, ProcessOutcome outcome) {
    return Optional.empty();
  }

  /**
   * Why a wrapped process could not be started, when that is the sandbox's fault (its engine is
   * gone), or empty when it is the task program's.
   */
  default Optional<String> startFailure(IOException e) {
    return Optional.empty();
  }

  static Sandbox host() {
    return (spec, workspace, readOnly) -> spec;
  }
}
