package io.bzzz.agent.council;

import io.bzzz.agent.task.CandidateGate;
import io.bzzz.tracker.Task;
import io.bzzz.tracker.Tracker;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Council subtasks go to the council's members first: an agent that holds no role in the council
 * named by a task's {@code council:<id>} label admits it only once the grace period has passed
 * since this agent first saw it. Other tasks pass.
 */
public final class CouncilRouting implements CandidateGate {
  private static final int MAX_REMEMBERED = 10_000;

  private final CouncilDirectory directory;
  private final Duration grace;
  private final InstantSource clock;
  private final Map<String, Instant> firstSeen = new ConcurrentHashMap<>();

  public CouncilRouting(CouncilDirectory directory, Duration grace, InstantSource clock) {
    this.directory = directory;
    this.grace = grace;
    this.clock = clock;
  }

  /** The council a task belongs to, from its {@code council:<id>} label. */
  public static Optional<Integer> councilOf(Task task) {
    for (String l : task.labels()) {
      if (l.startsWith(PlanFiler.COUNCIL_LABEL)) {
        String id = l.substring(PlanFiler.COUNCIL_LABEL.length());
        if (id.matches("[1-9][0-9]{0,9}") && Long.parseLong(id) <= Integer.MAX_VALUE) {
          return Optional.of(Integer.parseInt(id));
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public boolean admits(Tracker tracker, Task task) {
    Optional<Integer> council = councilOf(task);
    if (council.isEmpty() || directory.isMember(tracker.repo().toString(), council.get())) {
      return true;
    }
    if (firstSeen.size() > MAX_REMEMBERED) {
      firstSeen.clear(); // bounded: forgetting only restarts some grace periods
    }
    Instant seen =
        firstSeen.computeIfAbsent(tracker.repo() + "#" + task.number(), k -> clock.instant());
    return !clock.instant().isBefore(seen.plus(grace));
  }
}
