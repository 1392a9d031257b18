package io.bzzz.agent.runtime;

import io.bzzz.agent.coordination.MeshOutbox;
import io.bzzz.agent.coordination.Payload;
import io.bzzz.log.entry.EntryType;
import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.TrackerException;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports a task this agent gives up on, wherever the decision is taken (the job after a failed
 * run, the help desk after the last unanswered round): a comment and {@code bzzz-failed} on the
 * tracker, the log, the board and {@code task_failed} on the mesh.
 */
final class TaskFailures {
  private static final Logger log = LoggerFactory.getLogger(TaskFailures.class);

  private final String self;
  private final AgentIdentity me;
  private final MeshOutbox outbox;
  private final Journal journal;
  private final TaskBoard board;
  private final AgentMetrics metrics;

  TaskFailures(
      String self,
      AgentIdentity me,
      MeshOutbox outbox,
      Journal journal,
      TaskBoard board,
      AgentMetrics metrics) {
    this.self = self;
    this.me = me;
    this.outbox = outbox;
    this.journal = journal;
    this.board = board;
    this.metrics = metrics;
  }

  void report(HeldTask held, String reason) {
    try {
      held.repo().results().fail(held.task(), held.claim(), me, reason);
    } catch (TrackerException e) {
      log.atWarn()
          .addKeyValue("task", held.ref())
          .log("cannot report the failure: " + e.getMessage());
    }
    metrics.failed();
    board.stage(held.ref(), TaskBoard.Stage.FAILED, reason);
    journal.task(EntryType.TASK_FAILED, held.ref(), Map.of("reason", reason));
    try {
      outbox.publish(new Payload.TaskFailed(held.ref(), self, reason));
    } catch (IOException | RuntimeException e) {
      log.atWarn().addKeyValue("type", "task_failed").log("cannot publish: " + e.getMessage());
    }
    log.atInfo().addKeyValue("task", held.ref()).addKeyValue("reason", reason).log("task failed");
  }
}
