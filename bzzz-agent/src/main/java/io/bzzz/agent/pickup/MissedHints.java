package io.bzzz.agent.pickup;

import io.bzzz.agent.coordination.TaskRef;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * Hints that came while this agent had no free slot: kept for a while so that a slot freed before
 * the next poll goes to one of them instead of waiting for that poll. Bounded in number and age; a
 * task heard claimed is dropped. Not thread-safe: the owner locks.
 */
final class MissedHints {
  /** About one default poll interval: by then the next poll shares what is still open. */
  static final Duration KEEP = Duration.ofSeconds(30);

  static final int MAX = 64;

  private record Missed(TaskHint hint, Instant at) {}

  private final Map<TaskRef, Missed> missed = new LinkedHashMap<>();

  void remember(TaskHint hint, Instant now) {
    missed.remove(hint.task()); // re-inserted last: the oldest go first
    if (missed.size() >= MAX) {
      missed.remove(missed.keySet().iterator().next());
    }
    missed.put(hint.task(), new Missed(hint, now));
  }

  void forget(TaskRef task) {
    missed.remove(task);
  }

  /**
   * Takes out the kept hint this agent should look at now: the one for which it ranks best (so that
   * agents freeing slots at once tend to look at different tasks), the oldest among equals.
   */
  Optional<TaskHint> take(Instant now, ToIntFunction<TaskHint> rank) {
    missed.values().removeIf(m -> m.at().plus(KEEP).isBefore(now));
    Optional<Missed> best =
        missed.values().stream().min(Comparator.comparingInt(m -> rank.applyAsInt(m.hint())));
    best.ifPresent(m -> missed.remove(m.hint().task()));
    return best.map(Missed::hint);
  }

  int size() {
    return missed.size();
  }
}
