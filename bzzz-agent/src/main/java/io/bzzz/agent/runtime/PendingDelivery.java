package io.bzzz.agent.runtime;

import io.bzzz.agent.coordination.TaskRef;
import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.Claim;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A task result that is not yet fully on the tracker: everything needed to finish reporting it
 * after a lost connection or a restart, and which steps are already done. Kept in the {@link
 * DeliveryQueue} until delivered or dropped.
 *
 * @param task the task as the mesh names it (tracker kind, {@code owner/name}, number)
 * @param title the title, for the pull request
 * @param branch the claim branch
 * @param attempt the claim attempt: the fencing token this delivery stands on
 * @param owner this agent as named in the claim
 * @param result what is to be reported
 * @param steps what is already on the tracker
 * @param since when the result was ready
 */
record PendingDelivery(
    TaskRef task,
    String title,
    String branch,
    int attempt,
    AgentIdentity owner,
    Result result,
    Steps steps,
    Instant since) {

  /** What the task came to. */
  sealed interface Result {
    /**
     * A commit to push and a pull request to open.
     *
     * @param gitDir the name of the workspace's git directory under {@code <data-dir>/git}, which
     *     is kept until the delivery ends
     * @param commit the commit made there, empty when the task changed nothing
     */
    record Succeeded(String gitDir, Optional<String> commit, String summary, List<String> files)
        implements Result {
      public Succeeded {
        files = List.copyOf(files);
      }
    }

    /** A failure to report, with its reason. */
    record Failed(String reason) implements Result {}
  }

  /** The steps already done; each is idempotent, so "not done" only means "not known done". */
  record Steps(
      boolean pushed, Optional<Integer> pullNumber, Optional<String> pullUrl, boolean commented) {
    static final Steps NONE = new Steps(false, Optional.empty(), Optional.empty(), false);
  }

  /** The file name stem: one file per task and attempt. */
  String id() {
    return idOf(task, attempt);
  }

  static String idOf(TaskRef task, int attempt) {
    return task.repository().replace('/', '_') + "-" + task.number() + "-a" + attempt;
  }

  Claim claim() {
    return new Claim((int) task.number(), branch, attempt, Optional.of(owner));
  }

  PendingDelivery with(Steps next) {
    return new PendingDelivery(task, title, branch, attempt, owner, result, next, since);
  }
}
