package io.bzzz.agent.exec;

import java.nio.file.Path;
import java.util.List;

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

  static Sandbox host() {
    return (spec, workspace, readOnly) -> spec;
  }
}
