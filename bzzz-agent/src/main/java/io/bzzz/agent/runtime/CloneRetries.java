package io.bzzz.agent.runtime;

import io.bzzz.agent.workspace.RemoteFailures;
import io.bzzz.agent.workspace.Workspace;
import io.bzzz.agent.workspace.WorkspaceException;
import io.bzzz.agent.workspace.Workspaces;
import io.bzzz.tracker.TrackerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a claimed task's workspace, retrying within the attempt when the tracker or its git remote
 * cannot be reached (refused, reset, 5xx): {@link #TRIES} tries with the delivery backoff between
 * them. A failure of another kind (the claim branch is gone, credentials refused) is thrown at
 * once.
 */
final class CloneRetries {
  /** Tries per attempt; with the default backoff the last one comes about 7 s after the first. */
  static final int TRIES = 4;

  private static final Logger log = LoggerFactory.getLogger(CloneRetries.class);

  private final Workspaces workspaces;
  private final DeliveryBackoff backoff;

  /** Every try failed on the network: nothing was wrong with the task. */
  static final class Unreachable extends Exception {
    private static final long serialVersionUID = 1L;

    Unreachable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  CloneRetries(Workspaces workspaces, DeliveryBackoff backoff) {
    this.workspaces = workspaces;
    this.backoff = backoff;
  }

  Workspace open(HeldTask held) throws WorkspaceException, Unreachable, InterruptedException {
    for (int failures = 1; ; failures++) {
      Exception failure;
      try {
        return workspaces.open(
            held.repo().tracker().repoInfo().cloneUrl(),
            held.ref().repository(),
            held.ref().number(),
            held.claim().branch());
      } catch (WorkspaceException e) {
        if (!RemoteFailures.isInfrastructure(e)) {
          throw e;
        }
        failure = e;
      } catch (TrackerException e) {
        if (!TrackerOutage.isOutage(e)) {
          throw e;
        }
        failure = e;
      }
      if (failures >= TRIES) {
        throw new Unreachable(
            "the tracker or git remote is unreachable after "
                + TRIES
                + " tries: "
                + failure.getMessage(),
            failure);
      }
      log.atInfo()
          .addKeyValue("task", held.ref())
          .addKeyValue("try", failures)
          .addKeyValue("error", failure.getMessage())
          .log("clone failed on the network; retrying");
      Thread.sleep(backoff.after(failures));
    }
  }
}
