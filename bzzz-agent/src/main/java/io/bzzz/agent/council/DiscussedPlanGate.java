package io.bzzz.agent.council;

import io.bzzz.agent.coordination.TaskRef;
import io.bzzz.agent.discussion.DiscussionService;
import io.bzzz.agent.discussion.PlanDiscussion;
import io.bzzz.agent.task.Plans;
import io.bzzz.tracker.Task;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The council's meta-discussion as its {@link PlanGate}: a council subtask (every one while the
 * settings' {@code councilPlans} is on, the default; else a labelled one) is discussed among the
 * members the council ledger names, the taker included, with the rules of every plan discussion
 * (two thirds, three rounds, then escalated). Blocks the task's worker thread while the discussion
 * runs.
 */
public final class DiscussedPlanGate implements PlanGate {
  private static final Logger log = LoggerFactory.getLogger(DiscussedPlanGate.class);

  private final DiscussionService discussions;
  private final Function<Task, TaskRef> refOf;

  public DiscussedPlanGate(DiscussionService discussions, Function<Task, TaskRef> refOf) {
    this.discussions = discussions;
    this.refOf = refOf;
  }

  /** Whether this gate discusses a council subtask (every one by default). */
  public boolean discusses(Task task) {
    return discussions.settings().councilPlans() || discussions.settings().discusses(task.labels());
  }

  @Override
  public Verdict approve(Task task, CouncilView council) {
    if (!discusses(task)) {
      return new Approved();
    }
    Set<String> members = new TreeSet<>(council.peersByRole().values());
    members.removeIf(String::isEmpty);
    TaskRef ref = refOf.apply(task);
    log.atInfo()
        .addKeyValue("task", ref)
        .addKeyValue("council", council.id())
        .addKeyValue("members", members.size())
        .log("discussing the plan with the council");
    try {
      PlanDiscussion.Outcome outcome =
          discussions.plans().run(ref, Plans.fromIssue(task.title(), task.body()), members);
      return outcome.verdict() == PlanDiscussion.Verdict.APPROVED
          ? new Approved()
          : new Escalated(outcome);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Withheld("interrupted while the plan was discussed");
    }
  }
}
