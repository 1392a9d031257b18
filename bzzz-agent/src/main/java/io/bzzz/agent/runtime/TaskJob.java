package io.bzzz.agent.runtime;

import io.bzzz.agent.capability.Capabilities;
import io.bzzz.agent.coordination.Coordinator;
import io.bzzz.agent.coordination.Payload;
import io.bzzz.agent.coordination.PeerTable;
import io.bzzz.agent.council.CouncilTaskGate;
import io.bzzz.agent.council.PlanGate;
import io.bzzz.agent.exec.ExecutionResult;
import io.bzzz.agent.exec.Executor;
import io.bzzz.agent.steal.StartGate;
import io.bzzz.agent.task.Plans;
import io.bzzz.agent.task.TrackerTasks;
import io.bzzz.agent.workspace.Workspace;
import io.bzzz.agent.workspace.WorkspaceException;
import io.bzzz.log.entry.EntryType;
import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.Comment;
import io.bzzz.tracker.TrackerException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does one claimed task from plan to result: announce, plan, clone the claim branch, run the
 * executor, then a pull request, a failure comment, or a help request. A tracker or git remote that
 * cannot be reached before the executor starts is not the task's failure: the clone is retried
 * ({@link CloneRetries}), then the claim is handed back ({@link HandedBackClaims}). Returns whether
 * the task is still held (parked in {@link TaskSlots} waiting for help), so the caller keeps its
 * slot.
 */
final class TaskJob {
  private static final Logger log = LoggerFactory.getLogger(TaskJob.class);

  private final String self;
  private final AgentIdentity me;
  private final Coordinator coordinator;
  private final Journal journal;
  private final TaskBoard board;
  private final AgentMetrics metrics;
  private final Executor executor;
  private final Supplier<Capabilities> capabilities;
  private final TaskSlots slots;
  private final TaskFailures failures;
  private final Deliveries deliveries;
  private final InstantSource clock;
  private final CouncilTaskGate councilGate;
  private final TaskDiscussion discussion;
  private final CloneRetries clones;
  private final HandedBackClaims handedBack;
  private final StartGate startGate;
  private final EarlierResults earlierResults = new EarlierResults();
  private final FinishedRuns finishedRuns;

  TaskJob(
      String self,
      AgentIdentity me,
      Coordinator coordinator,
      Journal journal,
      TaskBoard board,
      AgentMetrics metrics,
      Executor executor,
      Supplier<Capabilities> capabilities,
      TaskSlots slots,
      TaskFailures failures,
      Deliveries deliveries,
      InstantSource clock,
      CouncilTaskGate councilGate,
      TaskDiscussion discussion,
      CloneRetries clones,
      HandedBackClaims handedBack,
      StartGate startGate,
      FinishedRuns finishedRuns) {
    this.startGate = startGate;
    this.finishedRuns = finishedRuns;
    this.self = self;
    this.me = me;
    this.coordinator = coordinator;
    this.journal = journal;
    this.board = board;
    this.metrics = metrics;
    this.executor = executor;
    this.capabilities = capabilities;
    this.slots = slots;
    this.failures = failures;
    this.deliveries = deliveries;
    this.clock = clock;
    this.councilGate = councilGate;
    this.discussion = discussion;
    this.clones = clones;
    this.handedBack = handedBack;
  }

  /** Announces a won claim: log, {@code task_claimed}, and the plan on the meta topic. */
  void announce(HeldTask held) {
    metrics.claimed();
    board.claimed(held.ref(), held.task().title(), held.claim().branch(), held.claim().attempt());
    journal.task(
        EntryType.TASK_CLAIMED,
        held.ref(),
        Map.of(
            "branch",
            held.claim().branch(),
            "attempt",
            held.claim().attempt(),
            "node",
            self,
            "labels", // the auction's past-performance term groups tasks by these
            held.task().labels()));
    String plan = Plans.fromIssue(held.task().title(), held.task().body());
    journal.task(EntryType.PLAN_PROPOSED, held.ref(), Map.of("text", plan));
    publish(
        new Payload.TaskClaimed(held.ref(), self, held.claim().branch(), held.claim().attempt()));
    publish(new Payload.MetaDiscussion(held.ref(), "plan", plan));
  }

  /** Runs the task; true when it is now waiting for a helper (the slot stays taken). */
  boolean run(HeldTask held) {
    try {
      if (!discussion.approved(held)) {
        return false; // escalated: reported, not run
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      board.stage(held.ref(), TaskBoard.Stage.RELEASED, "interrupted by shutdown");
      return false;
    }
    List<String> missing = capabilities.get().missing(held.task().labels());
    if (!missing.isEmpty()) {
      return askForHelp(held, "this agent lacks " + String.join(", ", missing), missing);
    }
    PlanGate.Verdict verdict = councilGate.check(held.task());
    if (verdict instanceof PlanGate.Escalated e) {
      discussion.escalated(held, e.outcome()); // comment, bzzz-escalated, slot freed: not run
      return false;
    }
    if (verdict instanceof PlanGate.Withheld w) {
      // the gate (the council's meta-discussion) owns what happens to the task now
      board.stage(held.ref(), TaskBoard.Stage.RELEASED, "plan not approved: " + w.reason());
      log.atInfo().addKeyValue("task", held.ref()).log("plan not approved: " + w.reason());
      return false;
    }
    boolean started = false; // before it, a failure of the infrastructure hands the claim back
    try (Workspace ws = startThenOpen(held)) {
      Optional<EarlierResults.Adopted> earlier = earlierResults.adopt(held, ws);
      if (earlier.isPresent()) {
        deliverEarlier(held, ws, earlier.get());
        return false;
      }
      List<Comment> comments =
          executor.readsComments()
              ? held.repo().tracker().comments(held.task().number())
              : List.of();
      // the clone and the comments may have waited out a cut-off long enough for a take-over
      // (chaos seed 15): a superseded owner must not run the task a second time
      held.repo().tracker().check(held.claim());
      board.stage(held.ref(), TaskBoard.Stage.RUNNING, "running");
      publish(
          new Payload.TaskProgress(held.ref(), self, PeerTable.RUNNING_STAGE, "executor started"));
      started = true;
      Path exitStatus = finishedRuns.started(held, ws, me, clock.instant());
      ExecutionResult result =
          executor.execute(
              TrackerTasks.details(held.task(), held.claim(), held.repo().kind(), comments),
              ws.dir(),
              Optional.of(exitStatus));
      boolean marked = result.outcome() == ExecutionResult.Outcome.SUCCEEDED;
      if (marked) {
        finishedRuns.mark(held, ws, me, summaryOf(result), clock.instant());
      }
      finishedRuns.ended(held);
      try {
        metrics.executed(
            result.outcome().name().toLowerCase(java.util.Locale.ROOT), result.duration());
        return switch (result.outcome()) {
          case SUCCEEDED -> {
            succeed(held, ws, result);
            yield false;
          }
          case FAILED, NOT_RUN -> {
            failures.report(held, result.reason());
            yield false;
          }
          case TIMED_OUT, MISSING_CAPABILITY, RETRY_LATER, SANDBOX_FAILED ->
              askForHelp(held, result.reason(), List.of());
        };
      } finally {
        if (marked) {
          finishedRuns.clear(held); // queued, or failed on the way: only a kill leaves the mark
        }
      }
    } catch (TrackerException.Superseded e) {
      // before the start: an idle peer took the offered task over (work stealing)
      board.stage(
          held.ref(),
          started ? TaskBoard.Stage.SUPERSEDED : TaskBoard.Stage.HANDED_OVER,
          e.getMessage());
      log.atWarn().addKeyValue("task", held.ref()).log("superseded; stopping");
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      board.stage(held.ref(), TaskBoard.Stage.RELEASED, "interrupted by shutdown");
      return false;
    } catch (CloneRetries.Unreachable e) {
      handedBack.handBack(held, e.getMessage());
      return false;
    } catch (TrackerException e) {
      if (!started && TrackerOutage.isOutage(e)) {
        handedBack.handBack(held, "the tracker is unreachable: " + e.getMessage());
        return false;
      }
      log.atError().addKeyValue("task", held.ref()).setCause(e).log("task failed");
      failures.report(held, "the agent hit an error: " + e.getMessage());
      return false;
    } catch (RuntimeException | WorkspaceException e) {
      log.atError().addKeyValue("task", held.ref()).setCause(e).log("task failed");
      failures.report(held, "the agent hit an error: " + e.getMessage());
      return false;
    }
  }

  /**
   * The start gate (an overloaded agent offers the task to idle peers and may lose it to one), then
   * the workspace: nothing of the task is prepared before it may start here.
   */
  private Workspace startThenOpen(HeldTask held)
      throws WorkspaceException, CloneRetries.Unreachable, InterruptedException {
    startGate.awaitStart(
        new StartGate.Queued(
            held.ref(),
            held.claim().attempt(),
            held.claim().branch(),
            held.task().labels(),
            () -> held.repo().tracker().check(held.claim()),
            detail -> board.stage(held.ref(), TaskBoard.Stage.CLAIMED, detail)));
    return clones.open(held);
  }

  private void succeed(HeldTask held, Workspace ws, ExecutionResult result)
      throws WorkspaceException {
    int files = ws.changedFiles().size();
    // The result is on disk (the delivery queue) before anything else is awaited: a kill in
    // between would make a restarted agent run the task again.
    commitAndDeliver(held, ws, summaryOf(result));
    discussion.feedback(held, result, files);
  }

  private static String summaryOf(ExecutionResult result) {
    return result.summary().isBlank() ? "Done; the executor printed no summary." : result.summary();
  }

  /**
   * An earlier attempt's result, pushed but never delivered, is delivered by this attempt: the task
   * does not run again (its side effects happened once).
   */
  private void deliverEarlier(HeldTask held, Workspace ws, EarlierResults.Adopted earlier)
      throws WorkspaceException {
    String note =
        "Attempt "
            + earlier.attempt()
            + " ("
            + earlier.agent()
            + ") finished this task and pushed its result, but was lost before delivering it;"
            + " attempt "
            + held.claim().attempt()
            + " delivers that result without running the task again.";
    log.atInfo()
        .addKeyValue("task", held.ref())
        .addKeyValue("from_attempt", earlier.attempt())
        .addKeyValue("from_agent", earlier.agent())
        .log("delivering an earlier attempt's result instead of running the task again");
    board.stage(held.ref(), TaskBoard.Stage.RUNNING, "delivering attempt " + earlier.attempt());
    journal.task(
        EntryType.TASK_PROGRESS,
        held.ref(),
        Map.of(
            "stage", "adopted", "from_attempt", earlier.attempt(), "from_agent", earlier.agent()));
    publish(
        new Payload.TaskProgress(
            held.ref(), self, "adopted", "result of attempt " + earlier.attempt()));
    // a pull request the earlier owner already opened carries the result: the delivery goes on
    // from there (comment, label) instead of opening a second one
    PendingDelivery.Steps steps =
        earlier
            .openPull()
            .map(
                pr ->
                    new PendingDelivery.Steps(
                        true, Optional.of(pr.number()), Optional.of(pr.url()), false))
            .orElse(PendingDelivery.Steps.NONE);
    commitAndDeliver(
        held, ws, earlier.summary().isBlank() ? note : note + "\n\n" + earlier.summary(), steps);
  }

  /**
   * Commits the result and hands it to {@link Deliveries}: recorded on disk with the git directory
   * kept, so that a tracker outage or a restart loses nothing, then pushed and reported. The
   * commit's trailers let a later attempt find the result if this agent is lost before delivering.
   */
  private void commitAndDeliver(HeldTask held, Workspace ws, String summary)
      throws WorkspaceException {
    commitAndDeliver(held, ws, summary, PendingDelivery.Steps.NONE);
  }

  private void commitAndDeliver(
      HeldTask held, Workspace ws, String summary, PendingDelivery.Steps done)
      throws WorkspaceException {
    List<String> files = ws.changedFiles();
    Optional<String> commit =
        ws.commitAll(
            ResultTrailers.commitMessage(
                held.ref(), held.task().title(), summary, held.claim().attempt(), me.name()));
    ws.keepGitDir();
    deliveries.deliver(
        new PendingDelivery(
            held.ref(),
            held.task().title(),
            held.claim().branch(),
            held.claim().attempt(),
            me,
            new PendingDelivery.Result.Succeeded(
                ws.gitDir().getFileName().toString(), commit, summary, files),
            done,
            clock.instant()));
  }

  /**
   * Parks the task in {@link TaskSlots} and starts help rounds; true, the task stays held until the
   * help desk hands it over or gives up.
   */
  private boolean askForHelp(HeldTask held, String reason, List<String> required) {
    slots.waitForHelp(held);
    board.stage(held.ref(), TaskBoard.Stage.HELP_REQUESTED, reason);
    journal.task(
        EntryType.TASK_HELP_REQUESTED,
        held.ref(),
        Map.of("reason", reason, "required_capabilities", required));
    try {
      coordinator.askForHelp(held.ref(), reason, required);
    } catch (IOException | RuntimeException e) {
      log.atWarn().addKeyValue("task", held.ref()).log("cannot ask for help: " + e.getMessage());
    }
    return true;
  }

  private void publish(Payload payload) {
    try {
      coordinator.publish(payload);
    } catch (IOException | RuntimeException e) {
      log.atWarn().addKeyValue("type", payload.wireType()).log("cannot publish: " + e.getMessage());
    }
  }
}
