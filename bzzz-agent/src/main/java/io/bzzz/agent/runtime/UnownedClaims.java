package io.bzzz.agent.runtime;

import io.bzzz.agent.coordination.TaskRef;
import io.bzzz.tracker.Claim;
import io.bzzz.tracker.OwnerLiveness;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Claims nobody signed: the claim branch exists but no claim comment names an owner (the tracker
 * created the branch and died before it answered, so the sender's retry saw "exists" and moved on;
 * or the owner could not post its comment and, by the claim protocol, did not run the task). No
 * agent works on such a claim and the liveness rules cannot judge an owner nobody named, so after a
 * grace period ({@link #grace}) it is taken over as attempt k+1 like a claim whose owner is gone. A
 * creator whose comment lands after that finds the later attempt and steps back before running (the
 * claim protocol checks the fence after its comment). Not thread-safe: the poller's.
 */
final class UnownedClaims {
  private record Seen(int attempt, Instant since) {}

  private final Duration grace;
  private final Map<TaskRef, Seen> seen = new HashMap<>();

  /** Grace before a take-over of an unsigned claim; the floor covers paced writes under load. */
  static final Duration MIN_GRACE = Duration.ofSeconds(30);

  /**
   * Two confirmation periods, at least {@link #MIN_GRACE}: far longer than a live owner needs to
   * post its comment, even behind the tracker client's write pacing.
   */
  static Duration grace(Duration confirmation) {
    Duration twice = confirmation.multipliedBy(2);
    return twice.compareTo(MIN_GRACE) > 0 ? twice : MIN_GRACE;
  }

  UnownedClaims(Duration grace) {
    this.grace = grace;
  }

  /**
   * Notes {@code claim} of {@code task} as read now; true when the same attempt has had no owner
   * for the grace period.
   */
  boolean abandoned(TaskRef task, Claim claim, Instant now) {
    if (claim.owner().isPresent()) {
      seen.remove(task);
      return false;
    }
    Seen s = seen.get(task);
    if (s == null || s.attempt() != claim.attempt()) {
      seen.put(task, new Seen(claim.attempt(), now));
      return false;
    }
    return !now.isBefore(s.since().plus(grace));
  }

  /** The liveness a take-over uses: exactly this attempt, still unsigned, counts as gone. */
  static OwnerLiveness unsigned(Claim seen) {
    return claim -> claim.owner().isEmpty() && claim.attempt() == seen.attempt();
  }

  void forget(TaskRef task) {
    seen.remove(task);
  }

  /** Forgets the tasks of {@code repository} not among {@code stillClaimed}. */
  void keepOnly(String repository, Collection<TaskRef> stillClaimed) {
    Set<TaskRef> keep = Set.copyOf(stillClaimed);
    seen.keySet().removeIf(t -> t.repository().equals(repository) && !keep.contains(t));
  }
}
