package io.bzzz.agent.discussion;

import io.bzzz.agent.coordination.Payload.MetaDiscussion;
import io.bzzz.agent.coordination.TaskRef;
import io.bzzz.log.entry.EntryType;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent's plan discussions: the taker's side ({@link #plans()}) and the member's side, fed by
 * {@link #onMessage} from the mesh's receive thread, which never waits here: a vote is counted in
 * place, a plan to review goes to a virtual thread this service owns (reading the issue talks to
 * the tracker). Objections from any discussion are noted in the log, as before discussions.
 */
public final class DiscussionService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DiscussionService.class);

  /** Reviews under way at most; a flood of plans beyond it is dropped, not queued. */
  static final int MAX_REVIEWS = 32;

  private final PlanDiscussion plans;
  private final PlanReviewer reviewer;
  private final DiscussionLog journal;
  private final DiscussionSettings settings;
  private final ExecutorService reviews = Executors.newVirtualThreadPerTaskExecutor();
  private final Semaphore reviewSlots = new Semaphore(MAX_REVIEWS);

  public DiscussionService(
      String self,
      DiscussionPort port,
      DiscussionLog journal,
      DiscussionSettings settings,
      ObjectionPolicy policy,
      Function<TaskRef, Optional<String>> issueBody) {
    this.plans = new PlanDiscussion(self, port, journal, settings);
    this.reviewer = new PlanReviewer(self, port, journal, policy, issueBody);
    this.journal = journal;
    this.settings = settings;
  }

  public PlanDiscussion plans() {
    return plans;
  }

  public DiscussionSettings settings() {
    return settings;
  }

  /** A {@code meta_discussion} from peer {@code from}. */
  public void onMessage(String from, MetaDiscussion m) {
    switch (m.kind()) {
      case "plan" -> {
        if (reviewer.asksMe(from, m)) {
          review(from, m);
        }
      }
      case "objection", "approval" -> {
        if (!plans.onVote(from, m) && m.kind().equals("objection")) {
          // not a vote of a round this agent holds: noted as an observation, as before rounds
          journal.note(
              EntryType.OBJECTION_RAISED,
              m.task(),
              Map.of(
                  "from",
                  from,
                  "text",
                  m.text(),
                  "round",
                  m.round().map(r -> r.round()).orElse(0),
                  "counted",
                  false));
        }
      }
      default -> {}
    }
  }

  private void review(String taker, MetaDiscussion plan) {
    if (!reviewSlots.tryAcquire()) {
      log.atWarn().addKeyValue("task", plan.task()).log("too many plans to review; one dropped");
      return;
    }
    try {
      reviews.execute(
          () -> {
            try {
              reviewer.review(taker, plan);
            } catch (RuntimeException e) {
              log.atWarn().addKeyValue("task", plan.task()).setCause(e).log("cannot review a plan");
            } finally {
              reviewSlots.release();
            }
          });
    } catch (RejectedExecutionException e) {
      reviewSlots.release(); // closing: no more reviews
    }
  }

  /** Stops reviewing; waits for reviews under way (each bounded by a tracker call). */
  @Override
  public void close() {
    reviews.close();
  }
}
