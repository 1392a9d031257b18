package io.bzzz.tracker.result;

import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.BzzzLabels;
import io.bzzz.tracker.Claim;
import io.bzzz.tracker.NewPullRequest;
import io.bzzz.tracker.PullRequest;
import io.bzzz.tracker.RepoInfo;
import io.bzzz.tracker.Task;
import io.bzzz.tracker.Tracker;
import java.nio.file.Path;
import java.util.List;

/**
 * Reports a task's outcome (DESIGN §5 step 4). Success: push the workspace to the claim branch,
 * open a pull request that closes the issue, comment, label {@code bzzz-done}. Failure: comment
 * with the reason, label {@code bzzz-failed}. The fence is checked before the push and again before
 * the pull request, so a superseded owner stops with {@link
 * io.bzzz.tracker.TrackerException.Superseded} and writes nothing more.
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
    tracker.check(claim);
    RepoInfo repo = tracker.repoInfo();
    git.push(gitDir, repo, claim.branch());
    tracker.check(claim);
    PullRequest pr =
        tracker.openPullRequest(
            new NewPullRequest(
                claim.branch(),
                repo.defaultBranch(),
                "#" + task.number() + ": " + task.title(),
                pullRequestBody(task, claim, me, summary)));
    tracker.comment(
        task.number(),
        "Bzzz agent **"
            + me.name()
            + "** finished this task: pull request #"
            + pr.number()
            + " from `"
            + claim.branch()
            + "`.\n\n"
            + summary);
    tracker.relabel(task.number(), List.of(BzzzLabels.DONE), List.of(BzzzLabels.CLAIMED));
    return pr;
  }

  public void fail(Task task, Claim claim, AgentIdentity me, String reason) {
    tracker.check(claim);
    tracker.comment(
        task.number(),
        "Bzzz agent **" + me.name() + "** could not finish this task.\n\nReason: " + reason);
    tracker.relabel(task.number(), List.of(BzzzLabels.FAILED), List.of(BzzzLabels.CLAIMED));
  }

  static String pullRequestBody(Task task, Claim claim, AgentIdentity me, String summary) {
    StringBuilder s = new StringBuilder();
    s.append("Closes #").append(task.number()).append("\n\n").append(summary).append("\n\n---\n");
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
