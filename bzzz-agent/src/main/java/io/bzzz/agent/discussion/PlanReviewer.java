package io.bzzz.agent.discussion;

import io.bzzz.agent.coordination.Payload;
import io.bzzz.agent.coordination.Payload.MetaDiscussion;
import io.bzzz.agent.coordination.TaskRef;
import io.bzzz.log.entry.EntryType;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member's side: answers a plan that names this agent among its members with an objection (its
 * {@link ObjectionPolicy} gives a reason) or an approval, addressed to the taker, and writes its
 * vote to its own log. Runs on a thread that may block: it reads the issue from the tracker.
 */
final class PlanReviewer {
  private static final Logger log = LoggerFactory.getLogger(PlanReviewer.class);

  private final String self;
  private final DiscussionPort port;
  private final DiscussionLog journal;
  private final ObjectionPolicy policy;
  private final Function<TaskRef, Optional<String>> issueBody;

  /**
   * @param issueBody the issue's body as this agent's tracker reads it; empty when this agent has
   *     no tracker for the repository or it cannot be read
   */
  PlanReviewer(
      String self,
      DiscussionPort port,
      DiscussionLog journal,
      ObjectionPolicy policy,
      Function<TaskRef, Optional<String>> issueBody) {
    this.self = self;
    this.port = port;
    this.journal = journal;
    this.policy = policy;
    this.issueBody = issueBody;
  }

  /** Whether {@code plan} from {@code taker} asks this agent for a vote. */
  boolean asksMe(String taker, MetaDiscussion plan) {
    return plan.kind().equals("plan")
        && !taker.equals(self)
        && plan.round().map(r -> r.members().contains(self)).orElse(false);
  }

  /** Judges the plan and sends the vote. */
  void review(String taker, MetaDiscussion plan) {
    int round = plan.round().orElseThrow().round();
    Optional<String> objection =
        policy.objection(
            new PlanUnderReview(plan.task(), round, plan.text(), issueBody.apply(plan.task())));
    String kind = objection.isPresent() ? "objection" : "approval";
    String text = objection.orElse("no objection");
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("from", self);
    entry.put("to", taker);
    entry.put("round", round);
    entry.put("vote", kind);
    entry.put("text", text);
    journal.record(
        objection.isPresent() ? EntryType.OBJECTION_RAISED : EntryType.VOTE_CAST,
        plan.task(),
        entry);
    log.atInfo()
        .addKeyValue("task", plan.task())
        .addKeyValue("round", round)
        .addKeyValue("taker", taker)
        .addKeyValue("vote", kind)
        .log("voted on a plan");
    try {
      port.publish(
          new MetaDiscussion(
              plan.task(), kind, text, Optional.of(Payload.Round.vote(round, taker))));
    } catch (IOException | RuntimeException e) {
      log.atWarn()
          .addKeyValue("task", plan.task())
          .log("cannot publish the vote: " + e.getMessage());
    }
  }
}
