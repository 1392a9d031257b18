package io.bzzz.agent.runtime;

import io.bzzz.agent.coordination.TaskRef;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * When a task that no live agent can do may be claimed anyway (so that it ends in {@code
 * bzzz-failed} after the help rounds instead of staying open forever): only once it has been seen
 * so for {@code wait} while no new live member appeared. An agent able to do it that is still
 * starting would otherwise find it claimed and failed by the time it joined: agents of a deployment
 * start in any order, seconds apart, and the help rounds last only a few availability intervals.
 * Every newcomer starts every clock again, so a mesh still forming claims nothing it cannot do; a
 * departure does not, so churn cannot keep such a task open forever. Not thread-safe: the task
 * loop's own.
 */
final class UnservedTasks {
  private final Duration wait;
  private final Map<TaskRef, Instant> since = new HashMap<>();
  private Set<String> members = Set.of();
  private Instant membersSince = Instant.MIN;

  UnservedTasks(Duration wait) {
    this.wait = wait;
  }

  /**
   * Records that no live agent can do {@code task} now; true when that has been so for the wait,
   * with no live member joining meanwhile.
   */
  boolean ripe(TaskRef task, Collection<String> live, Instant now) {
    Set<String> current = Set.copyOf(live);
    if (!members.containsAll(current)) {
      membersSince = now; // only a newcomer can be the agent able to do it: a departure cannot
    }
    members = current;
    Instant first = since.computeIfAbsent(task, t -> now);
    Instant from = first.isAfter(membersSince) ? first : membersSince;
    return !now.isBefore(from.plus(wait));
  }

  /**
   * Forgets the tasks of {@code repository} not among {@code unserved} (claimed, closed, or someone
   * can do them now).
   */
  void keepOnly(String repository, Collection<TaskRef> unserved) {
    Set<TaskRef> keep = new HashSet<>(unserved);
    since.keySet().removeIf(t -> t.repository().equals(repository) && !keep.contains(t));
  }
}
