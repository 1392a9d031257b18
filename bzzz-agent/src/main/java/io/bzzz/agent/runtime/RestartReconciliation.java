package io.bzzz.agent.runtime;

import io.bzzz.agent.coordination.TaskRef;
import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.BzzzLabels;
import io.bzzz.tracker.Claim;
import io.bzzz.tracker.Task;
import io.bzzz.tracker.TaskQuery;
import io.bzzz.tracker.TaskState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * At start, finds the claims an earlier run of this agent (same peer id) left unfinished: from its
 * own log (claims with no end) and from the tracker (open claimed tasks whose current claim names
 * this peer id). A claim whose result is in the delivery queue is the delivery worker's, not an
 * orphan. Every other one that is still the task's highest attempt is an orphan: no process works
 * on it any more, so the loop takes it over as attempt k+1 and does it again (the rule in
 * docs/agent.md). A claim another agent already superseded is left alone.
 */
final class RestartReconciliation {
  private static final int PAGE = 100;

  /** A claim of an earlier run that nobody works on. */
  record Orphan(RepoHandle repo, Task task, Claim claim) {}

  private RestartReconciliation() {}

  /**
   * @param thisRun true for tasks this run already holds or resumed
   * @param pending {@code repository#number@attempt} of the deliveries in the queue
   * @throws io.bzzz.tracker.TrackerException when the tracker cannot be asked; the caller retries
   */
  static List<Orphan> find(
      List<RepoHandle> repos,
      JournalClaims journal,
      Set<String> pending,
      Predicate<TaskRef> thisRun,
      String selfPeer) {
    List<Orphan> out = new ArrayList<>();
    for (RepoHandle repo : repos) {
      Map<Integer, Integer> suspects = new LinkedHashMap<>(); // number -> attempt (0: any)
      journal.open().values().stream()
          .filter(c -> c.repository().equals(repo.repository()))
          .forEach(c -> suspects.put(c.number(), c.attempt()));
      for (Task t : repo.tracker().listTasks(TaskQuery.claimed(PAGE))) {
        suspects.putIfAbsent(t.number(), 0);
      }
      for (Map.Entry<Integer, Integer> s : suspects.entrySet()) {
        orphan(repo, s.getKey(), s.getValue(), pending, thisRun, selfPeer).ifPresent(out::add);
      }
    }
    return out;
  }

  private static Optional<Orphan> orphan(
      RepoHandle repo,
      int number,
      int loggedAttempt,
      Set<String> pending,
      Predicate<TaskRef> thisRun,
      String selfPeer) {
    Optional<Claim> current = repo.tracker().currentClaim(number);
    if (current.isEmpty()) {
      return Optional.empty();
    }
    Claim claim = current.get();
    boolean mine =
        claim.owner().flatMap(AgentIdentity::peerId).map(selfPeer::equals).orElse(false)
            // our log names this very attempt; the claim comment may have been lost
            || (claim.owner().isEmpty() && claim.attempt() == loggedAttempt);
    if (!mine || pending.contains(Deliveries.key(repo.repository(), number, claim.attempt()))) {
      return Optional.empty();
    }
    Task task = repo.tracker().task(number);
    if (thisRun.test(repo.ref(task))) {
      return Optional.empty(); // this run claimed it (or resumed its delivery) already
    }
    if (task.state() != TaskState.OPEN
        || task.labels().contains(BzzzLabels.DONE)
        || task.labels().contains(BzzzLabels.FAILED)
        || task.labels().contains(BzzzLabels.ESCALATED)) {
      return Optional.empty(); // reported; only the log missed its end
    }
    return Optional.of(new Orphan(repo, task, claim));
  }
}
