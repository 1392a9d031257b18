package io.bzzz.agent.runtime;

import io.bzzz.agent.coordination.MeshOutbox;
import io.bzzz.agent.coordination.Payload;
import io.bzzz.agent.coordination.PeerTable;
import io.bzzz.agent.discussion.DiscussionService;
import io.bzzz.agent.discussion.PlanDiscussion;
import io.bzzz.agent.exec.ExecutionResult;
import io.bzzz.agent.task.Plans;
import io.bzzz.log.entry.EntryType;
import io.bzzz.tracker.BzzzLabels;
import io.bzzz.tracker.TrackerException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plan discussion before a claimed task runs, for the tasks the settings name (a label, or
 * every task): the members are this agent and the live peers it knows. An escalated task is not
 * run: the issue gets a comment asking a human and the label {@code bzzz-escalated} instead of
 * {@code bzzz-claimed}, so nobody claims it again until a human removes the label. After a task
 * succeeded, {@code context_feedback} says what went into it.
 */
final class TaskDiscussion {
  private static final Logger log = LoggerFactory.getLogger(TaskDiscussion.class);

  private final String self;
  private final DiscussionService discussions;
  private final PeerTable peers;
  private final Journal journal;
  private final TaskBoard board;
  private final MeshOutbox outbox;
  private final String executorKind;
  private final java.util.function.Predicate<io.bzzz.tracker.Task> discussedElsewhere;
  private final Map<String, Integer> rounds = new ConcurrentHashMap<>();

  TaskDiscussion(
      String self,
      DiscussionService discussions,
      PeerTable peers,
      Journal journal,
      TaskBoard board,
      MeshOutbox outbox,
      String executorKind,
      java.util.function.Predicate<io.bzzz.tracker.Task> discussedElsewhere) {
    this.discussedElsewhere = discussedElsewhere;
    this.self = self;
    this.discussions = discussions;
    this.peers = peers;
    this.journal = journal;
    this.board = board;
    this.outbox = outbox;
    this.executorKind = executorKind;
  }

  /**
   * Whether the task may run now: true when it is not discussed or its plan was approved; false
   * when it was escalated (reported to the tracker here) or the wait was interrupted.
   */
  boolean approved(HeldTask held) throws InterruptedException {
    if (!discussions.settings().discusses(held.task().labels())
        || discussedElsewhere.test(held.task())) {
      return true; // not discussed, or among a council's members by its gate (see TaskJob)
    }
    Set<String> members = new TreeSet<>(peers.livePeers());
    members.add(self);
    board.stage(held.ref(), TaskBoard.Stage.CLAIMED, "discussing the plan");
    PlanDiscussion.Outcome outcome =
        discussions
            .plans()
            .run(held.ref(), Plans.fromIssue(held.task().title(), held.task().body()), members);
    rounds.put(key(held), outcome.rounds());
    if (outcome.verdict() == PlanDiscussion.Verdict.APPROVED) {
      return true;
    }
    escalate(held, outcome);
    return false;
  }

  /** The plan of a council subtask was escalated by the council's gate: report it the same way. */
  void escalated(HeldTask held, PlanDiscussion.Outcome outcome) {
    escalate(held, outcome);
  }

  private void escalate(HeldTask held, PlanDiscussion.Outcome outcome) {
    rounds.remove(key(held));
    String objections =
        outcome.objections().stream()
            .map(o -> "- `" + o.from() + "`: " + o.reason())
            .collect(Collectors.joining("\n"));
    String body =
        "The plan for this task was objected to in "
            + outcome.rounds()
            + " rounds of discussion, so no agent will do it until a human decides."
            + " Remove the label `"
            + BzzzLabels.ESCALATED
            + "` (and the claim branch `"
            + held.claim().branch()
            + "`) to let agents try again.\n\nLast plan: "
            + outcome.plan()
            + "\n\nObjections that stood:\n"
            + objections;
    board.stage(held.ref(), TaskBoard.Stage.RELEASED, "escalated to a human");
    try {
      held.repo().tracker().comment(held.task().number(), body);
      held.repo()
          .tracker()
          .relabel(
              held.task().number(), List.of(BzzzLabels.ESCALATED), List.of(BzzzLabels.CLAIMED));
    } catch (TrackerException e) {
      // the claim stays with this live agent, so nobody else runs the task meanwhile
      log.atWarn()
          .addKeyValue("task", held.ref())
          .log("cannot report the escalation to the tracker: " + e.getMessage());
    }
    publish(
        new Payload.TaskProgress(
            held.ref(), self, "escalated", "plan escalated after " + outcome.rounds() + " rounds"));
    log.atWarn()
        .addKeyValue("task", held.ref())
        .addKeyValue("rounds", outcome.rounds())
        .log("plan escalated to a human; the task is not run");
  }

  /** After a successful run: what went into it, on the feedback topic and in the log. */
  void feedback(HeldTask held, ExecutionResult result, int filesChanged) {
    int discussed = rounds.getOrDefault(key(held), 0);
    rounds.remove(key(held));
    Payload.Helped helped =
        new Payload.Helped(
            self, executorKind, result.duration().toMillis(), filesChanged, discussed);
    String text =
        executorKind
            + " in "
            + result.duration().toMillis()
            + " ms, "
            + filesChanged
            + " files changed"
            + (discussed > 0 ? ", plan agreed in " + discussed + " round(s)" : "");
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("executor", executorKind);
    entry.put("duration_ms", result.duration().toMillis());
    entry.put("files_changed", filesChanged);
    entry.put("discussion_rounds", discussed);
    journal.task(EntryType.CONTEXT_FEEDBACK, held.ref(), entry);
    publish(new Payload.ContextFeedback(held.ref(), 1, text, java.util.Optional.of(helped)));
  }

  private void publish(Payload payload) {
    try {
      outbox.publish(payload);
    } catch (IOException | RuntimeException e) {
      log.atWarn().addKeyValue("type", payload.wireType()).log("cannot publish: " + e.getMessage());
    }
  }

  private static String key(HeldTask held) {
    return held.ref() + "@" + held.claim().attempt();
  }
}
