package io.bzzz.agent.discussion;

import io.bzzz.agent.coordination.Payload;
import io.bzzz.agent.coordination.Payload.MetaDiscussion;
import io.bzzz.agent.coordination.Payload.Objection;
import io.bzzz.agent.coordination.TaskRef;
import io.bzzz.log.entry.EntryType;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The taker's side of a plan discussion, usable for any task: {@link #run} posts the plan, collects
 * the members' objections and approvals for one window, and decides: approved when nobody objected
 * or the quorum approved despite objections; otherwise a revised plan in a new round; after the
 * last round with objections standing, escalated. Every plan, vote and decision goes to the log.
 * Votes reach it through {@link #onVote} (the mesh's receive thread); {@link #run} blocks the
 * task's thread only.
 */
public final class PlanDiscussion {
  private static final Logger log = LoggerFactory.getLogger(PlanDiscussion.class);

  /** How a discussion ended. */
  public enum Verdict {
    APPROVED,
    ESCALATED
  }

  /**
   * @param rounds how many rounds were held
   * @param plan the plan as last proposed
   * @param objections the objections of the last round (those that stood when escalated)
   */
  public record Outcome(Verdict verdict, int rounds, String plan, List<Objection> objections) {
    public Outcome {
      objections = List.copyOf(objections);
    }
  }

  private final String self;
  private final DiscussionPort port;
  private final DiscussionLog journal;
  private final DiscussionSettings settings;
  private final Map<String, Ballot> open = new ConcurrentHashMap<>();

  public PlanDiscussion(
      String self, DiscussionPort port, DiscussionLog journal, DiscussionSettings settings) {
    this.self = self;
    this.port = port;
    this.journal = journal;
    this.settings = settings;
  }

  /**
   * Discusses {@code plan} with {@code members} (peer ids; this agent counts as approving when it
   * is one of them) until it is approved or escalated.
   */
  public Outcome run(TaskRef task, String plan, Set<String> members) throws InterruptedException {
    List<String> memberList = List.copyOf(new TreeSet<>(members));
    List<Objection> previous = List.of();
    for (int round = 1; ; round++) {
      String text = Revisions.revise(plan, round, previous);
      Ballot ballot = new Ballot(new Tally(self, members, settings.quorum()));
      String key = key(task, round);
      open.put(key, ballot);
      Tally.Decision decision;
      try {
        journal.record(
            EntryType.PLAN_PROPOSED,
            task,
            fields(
                "text",
                text,
                "round",
                round,
                "members",
                memberList,
                "objections_addressed",
                describe(previous)));
        publish(
            task,
            "plan",
            text,
            new Payload.Round(
                round, "", memberList, settings.window().toMillis(), "", List.of(), previous));
        decision = ballot.await(settings.window());
      } finally {
        open.remove(key);
      }
      List<String> approvals = ballot.approvals();
      List<Objection> objections = ballot.objections();
      boolean last = round >= settings.maxRounds();
      String outcome =
          decision == Tally.Decision.APPROVED ? "approved" : last ? "escalated" : "revise";
      Map<String, Object> entry =
          fields(
              "round",
              round,
              "outcome",
              outcome,
              "approvals",
              approvals,
              "members",
              memberList.size(),
              "objections",
              describe(objections));
      log.atInfo()
          .addKeyValue("task", task)
          .addKeyValue("round", round)
          .addKeyValue("outcome", outcome)
          .addKeyValue("approvals", approvals.size())
          .addKeyValue("objections", objections.size())
          .addKeyValue("members", memberList.size())
          .log("plan discussion round decided");
      switch (decision) {
        case APPROVED -> {
          journal.record(EntryType.CONSENSUS_REACHED, task, entry);
          decide(task, round, outcome, approvals, objections, "plan approved");
          return new Outcome(Verdict.APPROVED, round, text, objections);
        }
        case REVISE -> {
          if (last) {
            journal.record(EntryType.ESCALATION, task, entry);
            decide(
                task,
                round,
                outcome,
                approvals,
                objections,
                "objections stood for " + round + " rounds; a human decides");
            return new Outcome(Verdict.ESCALATED, round, text, objections);
          }
          journal.record(EntryType.PLAN_REVISED, task, entry);
          decide(task, round, outcome, approvals, objections, "revising the plan");
          previous = objections;
        }
      }
    }
  }

  /**
   * A vote from the mesh ({@code objection} or {@code approval} addressed to this agent); counted
   * when it belongs to a round in progress and its sender is a member who has not voted yet.
   * Returns whether it was counted (and logged).
   */
  public boolean onVote(String from, MetaDiscussion vote) {
    Optional<Payload.Round> round = vote.round();
    if (round.isEmpty() || !round.get().to().equals(self)) {
      return false;
    }
    Ballot ballot = open.get(key(vote.task(), round.get().round()));
    if (ballot == null) {
      return false; // a late vote, or one for a round this agent never held
    }
    boolean objection = vote.kind().equals("objection");
    if (!objection && !vote.kind().equals("approval")) {
      return false;
    }
    return ballot.vote(
        from,
        objection ? Optional.of(vote.text()) : Optional.empty(),
        () ->
            journal.note(
                objection ? EntryType.OBJECTION_RAISED : EntryType.VOTE_CAST,
                vote.task(),
                fields(
                    "from",
                    from,
                    "round",
                    round.get().round(),
                    "vote",
                    vote.kind(),
                    "text",
                    vote.text(),
                    "counted",
                    true)));
  }

  private void decide(
      TaskRef task,
      int round,
      String outcome,
      List<String> approvals,
      List<Objection> objections,
      String text) {
    publish(
        task,
        "decision",
        text,
        new Payload.Round(round, "", List.of(), 0, outcome, approvals, objections));
  }

  private void publish(TaskRef task, String kind, String text, Payload.Round round) {
    try {
      port.publish(new MetaDiscussion(task, kind, text, Optional.of(round)));
    } catch (IOException | RuntimeException e) {
      // members who miss a plan do not vote: the window decides without them
      log.atWarn()
          .addKeyValue("task", task)
          .addKeyValue("kind", kind)
          .log("cannot publish: " + e.getMessage());
    }
  }

  private static List<Map<String, String>> describe(List<Objection> objections) {
    List<Map<String, String>> out = new ArrayList<>();
    objections.forEach(o -> out.add(Map.of("from", o.from(), "reason", o.reason())));
    return out;
  }

  private static Map<String, Object> fields(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private static String key(TaskRef task, int round) {
    return task.tracker() + ":" + task + "@" + round;
  }

  /** One round's votes, with a condition the taker waits on. */
  private static final class Ballot {
    private final Tally tally;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    Ballot(Tally tally) {
      this.tally = tally;
    }

    /**
     * Counts the vote; {@code whenCounted} runs before the taker can see it, so the vote is in the
     * log before the round's decision.
     */
    boolean vote(String from, Optional<String> objection, Runnable whenCounted) {
      lock.lock();
      try {
        boolean counted = tally.vote(from, objection);
        if (counted) {
          whenCounted.run();
          changed.signalAll();
        }
        return counted;
      } finally {
        lock.unlock();
      }
    }

    List<String> approvals() {
      lock.lock();
      try {
        return tally.approvals();
      } finally {
        lock.unlock();
      }
    }

    List<Objection> objections() {
      lock.lock();
      try {
        return tally.objections();
      } finally {
        lock.unlock();
      }
    }

    /** Waits until the votes decide, or the window ends and it decides on what came. */
    Tally.Decision await(Duration window) throws InterruptedException {
      long left = window.toNanos();
      lock.lock();
      try {
        while (true) {
          Optional<Tally.Decision> d = tally.decide(left <= 0);
          if (d.isPresent()) {
            return d.get();
          }
          left = changed.awaitNanos(left);
        }
      } finally {
        lock.unlock();
      }
    }
  }
}
