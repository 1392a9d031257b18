package io.bzzz.tracker.result;

import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.BzzzLabels;
import io.bzzz.tracker.Claim;
import io.bzzz.tracker.Comment;
import io.bzzz.tracker.NewPullRequest;
import io.bzzz.tracker.PullRequest;
import io.bzzz.tracker.RepoInfo;
import io.bzzz.tracker.Task;
import io.bzzz.tracker.Tracker;
import io.bzzz.tracker.claim.MarkerAuthors;
import java.nio.file.Path;
import java.util.List;

/**
 * Reports a task's outcome (DESIGN §5 step 4). Success: push the workspace to the claim branch,
 * open a pull request that closes the issue, comment, label {@code bzzz-done}. Failure: comment
 * with the reason, label {@code bzzz-failed}. The fence is checked before the push and again before
 * the pull request, so a superseded owner stops with {@link
 * io.bzzz.tracker.TrackerException.Superseded} and writes nothing more. It is checked before the
 * result comment too, and {@link #confirm} checks it after the last write, before the caller
 * records the task as done.
 *
 * <p>Each step may be repeated, after a lost answer or by an agent that restarted with a delivery
 * still pending, without doubling anything: a push of the same commit changes nothing, the tracker
 * answers a second pull request for the same head with the open one, the result comment carries a
 * hidden marker for the task and attempt and is not posted when a comment with that marker exists,
 * and labels are set, not toggled.
 */
public final class ResultWorkflow {
  private final Tracker tracker;
  private final GitPush git;

  public ResultWorkflow(Tracker tracker, GitPush git) {
    this.tracker = tracker;
    this.git = git;
  }

  public PullRequest succeed(
      Task task, Claim claim, Path gitDir, AgentIdentity me, String summary) {
    push(claim, gitDir);
    PullRequest pr = openPullRequest(task.number(), task.title(), claim, me, summary);
    commentDone(claim, me, pr, summary);
    labelDone(task.number());
    return pr;
  }

  public void fail(Task task, Claim claim, AgentIdentity me, String reason) {
    commentFailed(claim, me, reason);
    labelFailed(task.number());
  }

  /** Checks the fence, then pushes the git directory's HEAD to the claim branch. */
  public void push(Claim claim, Path gitDir) {
    tracker.check(claim);
    git.push(gitDir, tracker.repoInfo(), claim.branch());
  }

  /** Checks the fence, then opens the pull request, or finds the one open for the claim branch. */
  public PullRequest openPullRequest(
      int number, String title, Claim claim, AgentIdentity me, String summary) {
    tracker.check(claim);
    RepoInfo repo = tracker.repoInfo();
    return tracker.openPullRequest(
        new NewPullRequest(
            claim.branch(),
            repo.defaultBranch(),
            "#" + number + ": " + title,
            pullRequestBody(number, claim, me, summary)));
  }

  /** Checks the fence, then says which pull request holds the result (once per attempt). */
  public void commentDone(Claim claim, AgentIdentity me, PullRequest pr, String summary) {
    tracker.check(claim);
    commentOnce(
        claim,
        "Bzzz agent **"
            + me.name()
            + "** finished this task: pull request #"
            + pr.number()
            + " from `"
            + claim.branch()
            + "`.\n\n"
            + summary);
  }

  public void labelDone(int number) {
    tracker.relabel(number, List.of(BzzzLabels.DONE), List.of(BzzzLabels.CLAIMED));
  }

  /**
   * Checks the fence once more after the last write: a step that hung (a cut-off, an outage) may
   * have outlasted the claim, and the caller must then not record the task as its own.
   */
  public void confirm(Claim claim) {
    tracker.check(claim);
  }

  /** Checks the fence, then says why the task failed (once per attempt). */
  public void commentFailed(Claim claim, AgentIdentity me, String reason) {
    tracker.check(claim);
    commentOnce(
        claim, "Bzzz agent **" + me.name() + "** could not finish this task.\n\nReason: " + reason);
  }

  public void labelFailed(int number) {
    tracker.relabel(number, List.of(BzzzLabels.FAILED), List.of(BzzzLabels.CLAIMED));
  }

  /** The hidden line that names the result comment of one attempt. */
  static String resultMarker(Claim claim) {
    return "<!-- bzzz-result task=" + claim.number() + " attempt=" + claim.attempt() + " -->";
  }

  private void commentOnce(Claim claim, String text) {
    String marker = resultMarker(claim);
    // only our own comment counts: a marker a commenter typed must not silence the result
    for (Comment c :
        MarkerAuthors.trusted(
            tracker.comments(claim.number()),
            MarkerAuthors.user(tracker.login()),
            claim.number())) {
      if (c.body().contains(marker)) {
        return; // posted by an earlier try whose end was not recorded
      }
    }
    tracker.comment(claim.number(), text + "\n\n" + marker);
  }

  static String pullRequestBody(int number, Claim claim, AgentIdentity me, String summary) {
    StringBuilder s = new StringBuilder();
    s.append("Closes #").append(number).append("\n\n").append(summary).append("\n\n---\n");
    s.append("Done by Bzzz agent **").append(me.name()).append("**");
    s.append(" on `")
        .append(claim.branch())
        .append("` (attempt ")
        .append(claim.attempt())
        .append(")");
    me.peerId().ifPresent(p -> s.append("\n- peer id: `").append(p).append("`"));
    me.logKey().ifPresent(k -> s.append("\n- log key: `").append(k).append("`"));
    return s.append('\n').toString();
  }
}
