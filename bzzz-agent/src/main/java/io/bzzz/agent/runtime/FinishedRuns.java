package io.bzzz.agent.runtime;

import io.bzzz.agent.workspace.Workspace;
import io.bzzz.agent.workspace.WorkspaceException;
import io.bzzz.agent.workspace.Workspaces;
import io.bzzz.tracker.AgentIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the window between an executor's successful end and its result reaching the delivery queue
 * (status, commit, record: hundreds of milliseconds on a busy machine). The moment the executor
 * returns, a record naming the workspace goes to {@code <data-dir>/executed}; once the result is
 * queued it is removed. An agent killed in between finds the record at its next start ({@link
 * #recover}): the workspace is still on disk, so the result is committed and queued then, and the
 * claim is resumed as a delivery, not redone (which would run the task a second time).
 */
final class FinishedRuns {
  private static final Logger log = LoggerFactory.getLogger(FinishedRuns.class);

  private final DeliveryQueue marks;

  private FinishedRuns(DeliveryQueue marks) {
    this.marks = marks;
  }

  static FinishedRuns open(Path dataDir) throws IOException {
    return new FinishedRuns(DeliveryQueue.open(dataDir, "executed"));
  }

  /** The executor of {@code held} ended well in {@code ws}; on disk before anything else. */
  void mark(HeldTask held, Workspace ws, AgentIdentity me, String summary, Instant now) {
    try {
      marks.put(record(held, ws.gitDir().getFileName().toString(), me, summary, now));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record the finished run of " + held.ref(), e);
    }
  }

  /** The result of {@code held} is in the delivery queue (or was never marked). */
  void clear(HeldTask held) {
    try {
      marks.remove(PendingDelivery.idOf(held.ref(), held.claim().attempt()));
    } catch (IOException e) {
      log.atWarn().addKeyValue("task", held.ref()).log("cannot remove a finished-run record");
    }
  }

  /**
   * At start, before the delivery queue is read: each finished run an earlier process did not get
   * to queue is committed in its workspace and queued. A workspace that is gone or cannot be
   * committed is reported and its claim is left to restart reconciliation (redone).
   */
  void recover(DeliveryQueue queue, Workspaces workspaces) throws IOException {
    for (PendingDelivery mark : marks.load()) {
      if (!queue.holds(mark)) {
        recoverOne(mark, queue, workspaces);
      }
      marks.remove(mark);
    }
  }

  private static void recoverOne(PendingDelivery mark, DeliveryQueue queue, Workspaces workspaces)
      throws IOException {
    if (!(mark.result() instanceof PendingDelivery.Result.Succeeded s)) {
      return;
    }
    try (Workspace ws = workspaces.reopen(s.gitDir(), mark.task().repository(), mark.branch())) {
      List<String> files = ws.changedFiles();
      Optional<String> commit =
          ws.commitAll(
              ResultTrailers.commitMessage(
                  mark.task(), mark.title(), s.summary(), mark.attempt(), mark.owner().name()));
      ws.keepGitDir();
      queue.put(
          new PendingDelivery(
              mark.task(),
              mark.title(),
              mark.branch(),
              mark.attempt(),
              mark.owner(),
              new PendingDelivery.Result.Succeeded(s.gitDir(), commit, s.summary(), files),
              PendingDelivery.Steps.NONE,
              mark.since()));
      log.atInfo()
          .addKeyValue("task", mark.task())
          .addKeyValue("attempt", mark.attempt())
          .log("a run that finished before the agent stopped is delivered, not run again");
    } catch (WorkspaceException | RuntimeException e) {
      log.atWarn()
          .addKeyValue("task", mark.task())
          .addKeyValue("attempt", mark.attempt())
          .log("a finished run cannot be recovered, the task will run again: " + e.getMessage());
    }
  }

  private static PendingDelivery record(
      HeldTask held, String gitDir, AgentIdentity me, String summary, Instant now) {
    return new PendingDelivery(
        held.ref(),
        held.task().title(),
        held.claim().branch(),
        held.claim().attempt(),
        me,
        new PendingDelivery.Result.Succeeded(gitDir, Optional.empty(), summary, List.of()),
        PendingDelivery.Steps.NONE,
        now);
  }
}
