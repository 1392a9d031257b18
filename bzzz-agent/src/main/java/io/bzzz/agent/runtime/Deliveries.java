package io.bzzz.agent.runtime;

import io.bzzz.agent.coordination.MeshOutbox;
import io.bzzz.agent.coordination.Payload;
import io.bzzz.agent.coordination.PeerTable;
import io.bzzz.agent.coordination.TaskRef;
import io.bzzz.agent.workspace.Workspaces;
import io.bzzz.log.entry.EntryType;
import io.bzzz.p2p.files.IoReason;
import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.Claim;
import io.bzzz.tracker.PullRequest;
import io.bzzz.tracker.TrackerException;
import io.bzzz.tracker.result.ResultWorkflow;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a task's result to the tracker, step by step, recording each step in the {@link
 * DeliveryQueue} so that a retry (after an outage, or by the agent restarted) resumes where the
 * last try stopped and repeats nothing visible. Only while this agent's attempt is still the
 * highest (the fence): a superseded delivery is dropped, never pushed. When a delivery ends, the
 * log gets its one {@code task_completed} (or {@code task_failed}), the mesh hears it, and the kept
 * git directory and the queue file are removed.
 *
 * <p>One delivery is tried by one thread at a time: the task's own thread first, then the {@link
 * DeliveryWorker} it was handed to.
 */
final class Deliveries {
  private static final Logger log = LoggerFactory.getLogger(Deliveries.class);
  static final String DROPPED_STAGE = "delivery_dropped";

  /** How one try ended. */
  sealed interface Attempt {
    /** On the tracker; the delivery ended. */
    record Delivered() implements Attempt {}

    /** The fence was lost (or the delivery cannot be routed); the result is thrown away. */
    record Dropped(String reason) implements Attempt {}

    /** Not yet; try again later. {@code outage} when the tracker was away. */
    record Pending(String reason, boolean outage) implements Attempt {}
  }

  /** Within the codec's list limit; an agent holds far fewer results than this. */
  private static final int MAX_WAITING_SAID = 128;

  private final String self;
  private final AgentIdentity me;
  private final Map<String, RepoHandle> repos = new LinkedHashMap<>();
  private final DeliveryQueue queue;
  private final Workspaces workspaces;
  private final Journal journal;
  private final TaskBoard board;
  private final AgentMetrics metrics;
  private final MeshOutbox outbox;
  private final TrackerOutage outage;
  private final DeliverySchedule schedule;
  private final Set<String> journaled;

  /** The tasks whose result is in the queue, said on every availability broadcast. */
  private final Set<TaskRef> waiting = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * @param journaled {@code repository#number@attempt} of every task whose end the log already
   *     holds (read at start), so a delivery resumed after a crash between the log entry and the
   *     file's removal does not write a second one
   */
  Deliveries(
      String self,
      AgentIdentity me,
      List<RepoHandle> repos,
      DeliveryQueue queue,
      Workspaces workspaces,
      Journal journal,
      TaskBoard board,
      AgentMetrics metrics,
      MeshOutbox outbox,
      TrackerOutage outage,
      DeliverySchedule schedule,
      Set<String> journaled) {
    this.self = self;
    this.me = me;
    repos.forEach(r -> this.repos.put(r.repository(), r));
    this.queue = queue;
    this.workspaces = workspaces;
    this.journal = journal;
    this.board = board;
    this.metrics = metrics;
    this.outbox = outbox;
    this.outage = outage;
    this.schedule = schedule;
    this.journaled = Set.copyOf(journaled);
  }

  static String key(String repository, long number, int attempt) {
    return repository + "#" + number + "@" + attempt;
  }

  /**
   * A task's result is ready: recorded durably first, then tried once on the caller's thread; if
   * that does not finish it, the {@link DeliveryWorker} retries it with backoff.
   */
  void deliver(PendingDelivery d) {
    save(d);
    // said before the first try: that try may take half a minute of retries, long enough for a
    // cut-off to begin, and then the word would never reach the peers
    announceWaiting(d);
    if (attempt(d) instanceof Attempt.Pending p) {
      board.stage(d.task(), TaskBoard.Stage.DELIVERING, "waiting for the tracker: " + p.reason());
      schedule.later(d, 1);
    }
  }

  /** Deliveries found on disk at start: shown on the board and handed to the worker. */
  void resume(List<PendingDelivery> found) {
    for (PendingDelivery d : found) {
      board.claimed(d.task(), d.title(), d.branch(), d.attempt());
      board.stage(d.task(), TaskBoard.Stage.DELIVERING, "resumed after a restart");
      log.atInfo()
          .addKeyValue("task", d.task())
          .addKeyValue("attempt", d.attempt())
          .log("resuming a pending delivery");
      announceWaiting(d);
      schedule.later(d, 0);
    }
  }

  /**
   * Tells peers a finished result of this task waits here: if this agent then falls silent (cut
   * off, restarting), they wait longer before taking the task over and running it again.
   */
  void announceWaiting(PendingDelivery d) {
    waiting.add(d.task());
    publish(
        new Payload.TaskProgress(
            d.task(), self, PeerTable.RESULT_WAITING_STAGE, "attempt " + d.attempt()));
  }

  /** One try at every step not yet done; the caller decides when to try again. */
  Attempt attempt(PendingDelivery d) {
    RepoHandle repo = repos.get(d.task().repository());
    if (repo == null) {
      return new Attempt.Pending(
          d.task().repository() + " is not among this agent's repositories (--repo)", false);
    }
    try {
      PendingDelivery done = steps(repo.results(), d);
      finish(done);
      outage.answered();
      return new Attempt.Delivered();
    } catch (TrackerException.Superseded e) {
      outage.answered();
      drop(d, e.getMessage());
      return new Attempt.Dropped(e.getMessage());
    } catch (RuntimeException e) {
      boolean away = TrackerOutage.isOutage(e);
      if (away) {
        outage.failed("delivery of " + d.task(), e);
      } else {
        log.atWarn()
            .addKeyValue("task", d.task())
            .addKeyValue("attempt", d.attempt())
            .log("delivery failed; will retry: " + e.getMessage());
      }
      return new Attempt.Pending(String.valueOf(e.getMessage()), away);
    }
  }

  private PendingDelivery steps(ResultWorkflow w, PendingDelivery d) {
    Claim claim = d.claim();
    int n = (int) d.task().number();
    PendingDelivery.Steps s = d.steps();
    switch (d.result()) {
      case PendingDelivery.Result.Succeeded r -> {
        if (!s.pushed()) {
          w.push(claim, workspaces.gitDir(r.gitDir()));
          s = new PendingDelivery.Steps(true, s.pullNumber(), s.pullUrl(), s.commented());
          d = save(d.with(s));
        }
        if (s.pullNumber().isEmpty() || s.pullUrl().isEmpty()) {
          PullRequest pr = w.openPullRequest(n, d.title(), claim, me, r.summary());
          s =
              new PendingDelivery.Steps(
                  true, Optional.of(pr.number()), Optional.of(pr.url()), false);
          d = save(d.with(s));
        }
        if (!s.commented()) {
          PullRequest pr =
              new PullRequest(s.pullNumber().get(), d.branch(), "", "", true, s.pullUrl().get());
          w.commentDone(claim, me, pr, r.summary());
          s = new PendingDelivery.Steps(true, s.pullNumber(), s.pullUrl(), true);
          d = save(d.with(s));
        }
        w.labelDone(n);
      }
      case PendingDelivery.Result.Failed r -> {
        if (!s.commented()) {
          w.commentFailed(claim, me, r.reason());
          s = new PendingDelivery.Steps(false, Optional.empty(), Optional.empty(), true);
          d = save(d.with(s));
        }
        w.labelFailed(n);
      }
    }
    // a step may have hung past a take-over (seed 16: the label call outlasted a 41 s cut-off);
    // the log's task_completed then belongs to the new attempt alone
    w.confirm(claim);
    return d;
  }

  private void finish(PendingDelivery d) {
    boolean logged = journaled.contains(key(d.task().repository(), d.task().number(), d.attempt()));
    switch (d.result()) {
      case PendingDelivery.Result.Succeeded r -> {
        String url = d.steps().pullUrl().orElseThrow();
        metrics.completed();
        board.completed(d.task(), url, r.files().size() + " files changed");
        if (!logged) {
          journal.task(
              EntryType.TASK_COMPLETED,
              d.task(),
              Map.of(
                  "pull_request", url,
                  "files", r.files(),
                  "summary", r.summary(),
                  "branch", d.branch(),
                  "attempt", d.attempt()));
        }
        publish(new Payload.TaskCompleted(d.task(), self, url, r.summary()));
        log.atInfo().addKeyValue("task", d.task()).addKeyValue("pr", url).log("task completed");
      }
      case PendingDelivery.Result.Failed r -> {
        metrics.failed();
        board.stage(d.task(), TaskBoard.Stage.FAILED, r.reason());
        if (!logged) {
          journal.task(
              EntryType.TASK_FAILED,
              d.task(),
              Map.of("reason", r.reason(), "branch", d.branch(), "attempt", d.attempt()));
        }
        publish(new Payload.TaskFailed(d.task(), self, r.reason()));
        log.atInfo()
            .addKeyValue("task", d.task())
            .addKeyValue("reason", r.reason())
            .log("task failed");
      }
    }
    discard(d);
  }

  private void drop(PendingDelivery d, String reason) {
    log.atWarn()
        .addKeyValue("task", d.task())
        .addKeyValue("attempt", d.attempt())
        .addKeyValue("reason", reason)
        .log(
            "the claim was taken over while the result waited; result dropped, nothing more"
                + " written");
    board.stage(d.task(), TaskBoard.Stage.SUPERSEDED, reason);
    journal.task(
        EntryType.TASK_PROGRESS,
        d.task(),
        Map.of(
            "stage",
            DROPPED_STAGE,
            "branch",
            d.branch(),
            "attempt",
            d.attempt(),
            "reason",
            reason));
    discard(d);
  }

  /** The tasks whose finished result waits here for the tracker, in a stable order. */
  List<TaskRef> waiting() {
    return waiting.stream()
        .sorted(
            java.util.Comparator.comparing(TaskRef::repository).thenComparingLong(TaskRef::number))
        .limit(MAX_WAITING_SAID)
        .toList();
  }

  /** The delivery ended: its kept git directory and its file go. */
  private void discard(PendingDelivery d) {
    waiting.remove(d.task());
    if (d.result() instanceof PendingDelivery.Result.Succeeded r) {
      try {
        workspaces.removeGitDir(r.gitDir());
      } catch (IOException | IllegalArgumentException e) {
        log.atWarn().addKeyValue("task", d.task()).log("cannot remove the git directory: " + e);
      }
    }
    try {
      queue.remove(d);
    } catch (IOException e) {
      log.atWarn()
          .addKeyValue("task", d.task())
          .addKeyValue("dir", queue.dir())
          .log("cannot remove the delivery file: " + IoReason.of(e));
    }
  }

  private PendingDelivery save(PendingDelivery d) {
    try {
      queue.put(d);
    } catch (IOException e) {
      // The delivery goes on in memory; only a restart before it ends would lose it.
      log.atError()
          .addKeyValue("task", d.task())
          .addKeyValue("dir", queue.dir())
          .log("cannot record the pending delivery: " + IoReason.of(e));
    }
    return d;
  }

  private void publish(Payload payload) {
    try {
      outbox.publish(payload);
    } catch (IOException | RuntimeException e) {
      log.atWarn().addKeyValue("type", payload.wireType()).log("cannot publish: " + e.getMessage());
    }
  }
}
