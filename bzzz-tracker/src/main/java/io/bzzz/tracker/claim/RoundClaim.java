package io.bzzz.tracker.claim;

import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.Claim;
import io.bzzz.tracker.ClaimResult;
import io.bzzz.tracker.TrackerException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A review round of a finished task, claimed as the task's next attempt: creating {@code
 * bzzz/task-<n>-a<k+1>} is the lock, as for any claim, so exactly one agent answers a round, and
 * the attempt is the fencing token that a later round supersedes. Unlike a task claim it does not
 * assign or relabel the issue (the task stays {@code bzzz-done}); the claim comment goes to the
 * pull request, where the reviewer reads it, and names the owner with the usual {@link
 * ClaimMarker}. The branch is only the token: the work goes to the pull request's own head branch.
 */
public final class RoundClaim {
  private static final Logger log = LoggerFactory.getLogger(RoundClaim.class);

  private final ClaimRefs refs;
  private final ClaimFollowUp issues;

  public RoundClaim(ClaimRefs refs, ClaimFollowUp issues) {
    this.refs = refs;
    this.issues = issues;
  }

  /**
   * Claims attempt {@code seenAttempt + 1} of task {@code number} for a review of pull request
   * {@code pull}. Lost when that attempt exists already (another agent took this round) or a later
   * one appeared before the claim comment was posted.
   *
   * @param note the visible part of the claim comment (what the round covers)
   */
  public ClaimResult claim(int number, int pull, int seenAttempt, AgentIdentity me, String note) {
    ClaimBranch branch = new ClaimBranch(number, seenAttempt).next();
    if (!refs.createBranch(branch.name())) {
      return new ClaimResult.Lost(number, branch.attempt(), Optional.empty());
    }
    Claim won = new Claim(number, branch.name(), branch.attempt(), Optional.of(me));
    try {
      issues.comment(pull, note + "\n\n" + ClaimMarker.format(number, branch.attempt(), me));
      new ClaimProtocol(refs, issues).check(won);
      return new ClaimResult.Won(won);
    } catch (TrackerException e) {
      log.atWarn()
          .addKeyValue("task", number)
          .addKeyValue("pull", pull)
          .addKeyValue("error", e.getMessage())
          .log("review round claim comment failed or superseded; not answering this round");
      return new ClaimResult.Lost(number, branch.attempt(), Optional.empty());
    }
  }
}
