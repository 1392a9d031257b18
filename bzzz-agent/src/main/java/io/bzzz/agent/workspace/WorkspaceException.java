package io.bzzz.agent.workspace;

/** A git operation on a workspace failed; the message names the repository and the step. */
public final class WorkspaceException extends Exception {
  public WorkspaceException(String message, Throwable cause) {
    super(message, cause);
  }
}
