package io.bzzz.tracker.claim;

import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.BzzzLabels;
import io.bzzz.tracker.Claim;
import io.bzzz.tracker.ClaimResult;
import io.bzzz.tracker.OwnerLiveness;
import io.bzzz.tracker.TrackerException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The race-safe claim of DESIGN §5 over any tracker that can create a branch atomically. Creating
 * {@code bzzz/task-<n>} is the lock; the attempt number is the fencing token. Attempts are created
 * in order (k+1 only after k was seen), and claim branches are never deleted, so "attempt k+1
 * exists" is exactly "attempt k is superseded".
 */
public final class ClaimProtocol {
  private static final Logger log = LoggerFactory.getLogger(ClaimProtocol.class);

  /** A task reclaimed this often is broken, not unlucky; stop probing. */
  private static final int MAX_ATTEMPTS = 1000;

  private final ClaimRefs refs;
  private final ClaimFollowUp issues;

  public ClaimProtocol(ClaimRefs refs, ClaimFollowUp issues) {
    this.refs = refs;
    this.issues = issues;
  }

  public ClaimResult claim(int number, AgentIdentity me) {
    return attempt(new ClaimBranch(number, 1), me);
  }

  public Optional<Claim> current(int number) {
    int highest = highestAttempt(number);
    if (highest == 0) {
      return Optional.empty();
    }
    return Optional.of(claimAt(new ClaimBranch(number, highest)));
  }

  public ClaimResult reclaim(int number, AgentIdentity me, OwnerLiveness liveness) {
    Optional<Claim> current = current(number);
    if (current.isEmpty()) {
      return claim(number, me);
    }
    Claim held = current.get();
    if (!liveness.isGone(held)) {
      return new ClaimResult.Lost(number, held.attempt(), held.owner());
    }
    log.atInfo()
        .addKeyValue("task", number)
        .addKeyValue("attempt", held.attempt())
        .addKeyValue("owner", held.owner().map(AgentIdentity::name).orElse("unknown"))
        .log("owner reported gone; reclaiming");
    return attempt(new ClaimBranch(number, held.attempt()).next(), me);
  }

  /** The fence: {@code mine} must still be the highest attempt. */
  public void check(Claim mine) {
    ClaimBranch next = new ClaimBranch(mine.number(), mine.attempt()).next();
    if (refs.branchExists(next.name())) {
      throw new TrackerException.Superseded(mine, highestAttempt(mine.number()));
    }
  }

  private ClaimResult attempt(ClaimBranch branch, AgentIdentity me) {
    if (!refs.createBranch(branch.name())) {
      Claim holder = claimAt(branch);
      return new ClaimResult.Lost(branch.number(), branch.attempt(), holder.owner());
    }
    Claim won = new Claim(branch.number(), branch.name(), branch.attempt(), Optional.of(me));
    if (!announce(won, me)) {
      return new ClaimResult.Lost(branch.number(), branch.attempt(), Optional.empty());
    }
    return new ClaimResult.Won(won);
  }

  /**
   * Assign, label and comment; false when the claim comment could not be posted or a later attempt
   * appeared meanwhile. The comment is what names the owner: a claim nobody signed is taken over by
   * others after a grace period, so its creator must not run it (or two would). Assign and label
   * failures are only logged.
   */
  private boolean announce(Claim won, AgentIdentity me) {
    int n = won.number();
    try {
      issues.assignSelf(n);
    } catch (TrackerException e) {
      log.atWarn().addKeyValue("task", n).addKeyValue("error", e.getMessage()).log("assign failed");
    }
    try {
      issues.relabel(n, List.of(BzzzLabels.CLAIMED), List.of());
    } catch (TrackerException e) {
      log.atWarn().addKeyValue("task", n).addKeyValue("error", e.getMessage()).log("label failed");
    }
    try {
      issues.comment(n, claimComment(won, me));
      check(won); // a take-over of the unsigned claim may have come first
      return true;
    } catch (TrackerException e) {
      log.atWarn()
          .addKeyValue("task", n)
          .addKeyValue("error", e.getMessage())
          .log("claim comment failed or superseded; not running it (others take it over)");
      return false;
    }
  }

  static String claimComment(Claim won, AgentIdentity me) {
    StringBuilder s = new StringBuilder();
    s.append("Claimed by Bzzz agent **").append(me.name()).append("**");
    s.append(" on branch `").append(won.branch()).append("`");
    if (won.attempt() > 1) {
      s.append(" (attempt ").append(won.attempt()).append(", the previous owner was gone)");
    }
    s.append(".\n");
    me.peerId().ifPresent(p -> s.append("\n- peer id: `").append(p).append("`"));
    me.logKey().ifPresent(k -> s.append("\n- log key: `").append(k).append("`"));
    s.append("\n\n").append(ClaimMarker.format(won.number(), won.attempt(), me));
    return s.toString();
  }

  private Claim claimAt(ClaimBranch branch) {
    Optional<AgentIdentity> owner;
    try {
      owner =
          ClaimMarker.owner(
              issues.comments(branch.number()),
              branch.number(),
              branch.attempt(),
              MarkerAuthors.user(issues.login()));
    } catch (TrackerException e) {
      owner = Optional.empty();
    }
    return new Claim(branch.number(), branch.name(), branch.attempt(), owner);
  }

  /** 0 when unclaimed. Probes attempts in order, one GET each. */
  int highestAttempt(int number) {
    int highest = 0;
    while (highest < MAX_ATTEMPTS
        && refs.branchExists(new ClaimBranch(number, highest + 1).name())) {
      highest++;
    }
    return highest;
  }
}
