package io.bzzz.agent.runtime;

import io.bzzz.agent.coordination.TaskRef;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Candidates this agent lost a claim on while they still look unclaimed: the claim branch exists
 * but the labels were never set (the winner died between branch and label, or the tracker created
 * the branch and went down before it answered, so the sender's retry saw "already exists"). Every
 * poll lists such a task first again, and every claim on it is lost, so without this memory an
 * agent would spend its free slots on the same lost tasks at every poll and never reach the rest. A
 * task leaves when it leaves the candidates (labelled claimed, done or failed, or closed), so the
 * set stays as small as the candidates that look open but are not.
 */
final class LostClaims {
  private final Set<TaskRef> lost = ConcurrentHashMap.newKeySet();

  void lost(TaskRef task) {
    lost.add(task);
  }

  boolean isLost(TaskRef task) {
    return lost.contains(task);
  }

  void forget(TaskRef task) {
    lost.remove(task);
  }

  int size() {
    return lost.size();
  }

  /** Forgets the tasks of {@code repository} that are no longer among its {@code candidates}. */
  void keepOnly(String repository, Collection<TaskRef> candidates) {
    Set<TaskRef> listed = Set.copyOf(candidates);
    lost.removeIf(t -> t.repository().equals(repository) && !listed.contains(t));
  }
}
