package io.bzzz.agent.review;

import io.bzzz.agent.coordination.TaskRef;
import io.bzzz.agent.exec.CommandExecutor;
import io.bzzz.agent.exec.ExecutionResult;
import io.bzzz.agent.exec.Executor;
import io.bzzz.agent.exec.TaskDetails;
import io.bzzz.agent.exec.llm.LlmExecutor;
import io.bzzz.agent.workspace.Workspace;
import io.bzzz.agent.workspace.WorkspaceException;
import io.bzzz.agent.workspace.Workspaces;
import io.bzzz.tracker.Claim;
import io.bzzz.tracker.Task;
import io.bzzz.tracker.TrackerException;
import io.bzzz.tracker.review.CommentKind;
import io.bzzz.tracker.review.PullStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does one claimed review round: marks each request as picked up (👀), clones the pull request's
 * head branch, runs the executor with the review as context, commits, checks the fence and pushes
 * fast-forward only, then answers every request it handled or says why not, and logs the round.
 * What a run that failed changed is thrown away before the commit; what earlier runs of the same
 * round did is kept.
 */
final class ReviewRound {
  private static final Logger log = LoggerFactory.getLogger(ReviewRound.class);

  private final Executor executor;
  private final Workspaces workspaces;
  private final RoundLog roundLog;

  ReviewRound(Executor executor, Workspaces workspaces, RoundLog roundLog) {
    this.executor = executor;
    this.workspaces = workspaces;
    this.roundLog = roundLog;
  }

  /**
   * What one request's execution came to, for its answer.
   *
   * @param done whether the run that covered it succeeded (a pushed commit is then named)
   * @param own whether the answer is the model's own reply (the {@code reply} tool)
   */
  private record Handled(Trigger trigger, String answer, boolean done, boolean own) {}

  void run(WatchedRepo repo, Task task, PullStatus pull, Claim claim, int round, List<Trigger> asks)
      throws InterruptedException {
    int pr = pull.pull().number();
    TaskRef ref = new TaskRef(repo.kind(), repo.repository(), task.number());
    for (Trigger t : asks) {
      markPickedUp(repo, t);
    }
    List<Handled> handled = new ArrayList<>();
    Optional<String> commit = Optional.empty();
    String outcome;
    ReplyTool replies = new ReplyTool(asks);
    try (Workspace ws =
        workspaces.open(
            repo.tracker().repoInfo().cloneUrl(),
            repo.repository(),
            task.number(),
            pull.pull().head())) {
      for (TaskDetails details : executions(repo, task, pull, asks, ws)) {
        ExecutionResult r =
            switch (executor) {
              case LlmExecutor llm -> llm.execute(details, ws.dir(), List.of(replies));
              case CommandExecutor cmd ->
                  CommandReplies.run(cmd, details, ws.dir(), pr, round, asks, replies);
              default -> executor.execute(details, ws.dir());
            };
        if (r.succeeded()) {
          ws.stageAll();
        } else {
          ws.discardUnstaged(); // a failed run's half-done changes are not pushed
        }
        String generic =
            noMarkers(
                r.succeeded()
                    ? "Done" + (r.summary().isBlank() ? "." : ": " + r.summary())
                    : "Not done: " + r.reason());
        for (Trigger t : coveredBy(details, asks)) {
          Optional<String> own = replies.answer(t);
          handled.add(new Handled(t, own.orElse(generic), r.succeeded(), own.isPresent()));
        }
      }
      commit =
          ws.commitAll(
              "Review round "
                  + round
                  + " of #"
                  + pr
                  + " (task #"
                  + task.number()
                  + ")\n\n"
                  + asks.size()
                  + " request(s) from the review");
      if (commit.isPresent()) {
        repo.tracker().check(claim); // a later round supersedes this one: push nothing
        ws.push(); // never forced: a branch that moved meanwhile refuses it
      }
      outcome = commit.isPresent() ? "pushed" : "no_change";
    } catch (TrackerException.Superseded e) {
      log.atWarn().addKeyValue("pull", pr).log("review round superseded; not pushing or answering");
      record(ref, pr, round, claim, "superseded", Optional.empty(), asks);
      return;
    } catch (WorkspaceException e) {
      outcome = "failed";
      String why =
          "Could not "
              + (commit.isPresent() ? "push" : "prepare the branch")
              + ": "
              + e.getMessage();
      handled.clear();
      asks.forEach(t -> handled.add(new Handled(t, why, false, false)));
    }
    String sha =
        commit.map(c -> " in `" + c.substring(0, Math.min(12, c.length())) + "`").orElse("");
    for (Handled h : handled) {
      String text =
          !h.done() || sha.isEmpty()
              ? h.answer()
              : h.own()
                  ? h.answer() + "\n\n(Pushed" + sha + ".)"
                  : h.answer() + " (pushed" + sha + ")";
      answer(repo, pr, h.trigger(), text);
    }
    finish(repo, pr, round, outcome, sha);
    record(ref, pr, round, claim, outcome, commit, asks);
  }

  /**
   * Says on the pull request that the round finished, with the marker other agents read: until it
   * is there, a round whose agent died counts as unanswered (docs/review.md).
   */
  private static void finish(WatchedRepo repo, int pr, int round, String outcome, String sha) {
    try {
      repo.tracker()
          .comment(
              pr,
              "Review round "
                  + round
                  + " finished: "
                  + outcome.replace('_', ' ')
                  + sha
                  + ".\n\n"
                  + RoundMarker.done(pr, round));
    } catch (TrackerException e) {
      log.atWarn().addKeyValue("pull", pr).log("cannot mark the round finished: " + e.getMessage());
    }
  }

  /**
   * What to run. The script executor runs each request's own {@code bzzz-script} block, judged by
   * that request's author (a request without one is answered as such); other executors get one run
   * with the review as context ({@link ReviewPrompt}): the original task, every request with its
   * file and line, and the diff of the branch against the pull request's base.
   */
  private List<TaskDetails> executions(
      WatchedRepo repo, Task task, PullStatus pull, List<Trigger> asks, Workspace ws) {
    List<TaskDetails> out = new ArrayList<>();
    if (executor.name().equals("script")) {
      for (Trigger t : asks) {
        out.add(details(repo, task, pull, t.author(), t.body(), t.edited()));
      }
      return out;
    }
    String prompt =
        ReviewPrompt.build(task, pull, asks, diff(ws, pull), executor instanceof LlmExecutor)
            + (executor instanceof CommandExecutor ? CommandReplies.HINT : "");
    out.add(details(repo, task, pull, asks.getLast().author(), prompt, true));
    return out;
  }

  /** The pull request's diff so far; a sentence instead when it cannot be read. */
  private static String diff(Workspace ws, PullStatus pull) {
    String base = pull.pull().base();
    if (base.isBlank()) {
      return "(the tracker did not name the pull request's base branch; no diff)";
    }
    try {
      String d = ws.diffAgainst(base, ReviewPrompt.MAX_DIFF_BYTES);
      return d.isEmpty() ? "(no difference to " + base + ")" : d;
    } catch (WorkspaceException e) {
      log.atWarn()
          .addKeyValue("pull", pull.pull().number())
          .log("cannot read the pull request's diff: " + e.getMessage());
      return "(the diff could not be read: " + e.getMessage() + ")";
    }
  }

  /** Model text posted as the agent must not carry a hidden marker other agents would trust. */
  static String noMarkers(String text) {
    return text.replace("<!--", "&lt;!--");
  }

  private static List<Trigger> coveredBy(TaskDetails details, List<Trigger> asks) {
    return asks.stream()
        .filter(t -> details.body().equals(t.body()))
        .findFirst()
        .map(List::of)
        .orElse(asks);
  }

  private static TaskDetails details(
      WatchedRepo repo, Task task, PullStatus pull, String author, String body, boolean edited) {
    return new TaskDetails(
        repo.kind(),
        repo.repository(),
        task.number(),
        "Review of #" + pull.pull().number() + ": " + task.title(),
        body,
        author,
        task.labels(),
        pull.pull().url(),
        pull.pull().head(),
        edited ? Optional.empty() : Optional.of(List.of()),
        List.of());
  }

  private void markPickedUp(WatchedRepo repo, Trigger t) {
    try {
      switch (t.kind()) {
        case ISSUE_COMMENT -> repo.reviews().react(CommentKind.ISSUE_COMMENT, t.id(), "eyes");
        case REVIEW_COMMENT -> repo.reviews().react(CommentKind.REVIEW_COMMENT, t.id(), "eyes");
        case REVIEW -> {} // reviews take no reactions; the round's claim comment says it
      }
    } catch (TrackerException e) {
      log.atWarn()
          .addKeyValue("id", t.id())
          .log("cannot react to a review request: " + e.getMessage());
    }
  }

  /** The text an answer to {@code t} is posted with. */
  static String answerBody(Trigger t, String text) {
    // the tracker client appends its hidden comment marker (CommentMarker) to whatever is posted,
    // so an answer, which quotes the request and its mention, never reads as a new request
    return t.kind() == Trigger.Kind.REVIEW_COMMENT ? text : quote(t) + text;
  }

  private static void answer(WatchedRepo repo, int pr, Trigger t, String text) {
    try {
      if (t.kind() == Trigger.Kind.REVIEW_COMMENT) {
        repo.reviews().replyToReviewComment(pr, t.id(), answerBody(t, text));
      } else {
        repo.tracker().comment(pr, answerBody(t, text));
      }
    } catch (TrackerException e) {
      log.atWarn().addKeyValue("pull", pr).log("cannot answer a review request: " + e.getMessage());
    }
  }

  static String quote(Trigger t) {
    String first = t.body().strip().lines().findFirst().orElse("");
    if (first.length() > 80) {
      first = first.substring(0, 80) + "…";
    }
    return "> @" + t.author() + " (" + t.where() + "): " + first + "\n\n";
  }

  private void record(
      TaskRef ref,
      int pr,
      int round,
      Claim claim,
      String outcome,
      Optional<String> commit,
      List<Trigger> asks) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("stage", "review_round");
    fields.put("pull", pr);
    fields.put("round", round);
    fields.put("attempt", claim.attempt());
    fields.put("outcome", outcome);
    commit.ifPresent(c -> fields.put("commit", c));
    fields.put("requests", asks.stream().map(ReplyTool::threadId).toList());
    roundLog.round(ref, fields);
  }
}
