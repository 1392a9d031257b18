package io.bzzz.agent.steal;

import io.bzzz.agent.coordination.Payload.TaskOffer;
import io.bzzz.agent.coordination.TaskRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The taker's side of work stealing as pure state, on an injected time: the offers this agent means
 * to take and when, and the highest attempt heard claimed for each task. The best-scoring idle
 * agent tries first: an agent waits {@code window / 2 × (1 − score)} after an offer before it
 * claims, and drops the plan when it hears a later attempt claimed meanwhile (suppression, so a
 * mesh of idle agents does not all reach for the same task). Two that try anyway are decided by the
 * claim ref. Not thread-safe: {@link WorkStealing} holds its lock around every call.
 */
final class StealBook {
  /** Offers planned at once; more are refused (the owner starts its task itself). */
  static final int MAX_PLANNED = 256;

  /** Tasks whose highest claimed attempt is remembered. */
  static final int MAX_HEARD = 4096;

  /** A take planned for {@code due}, valid until {@code deadline}. */
  record Take(
      TaskRef task,
      String offerer,
      int attempt,
      List<String> labels,
      Instant due,
      Instant deadline) {}

  /** The highest attempt heard claimed for a task, and by whom. */
  record Heard(int attempt, String by) {}

  private final Duration window;
  private final Map<TaskRef, Take> planned = new HashMap<>();
  private final Map<TaskRef, Heard> heard =
      new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<TaskRef, Heard> eldest) {
          return size() > MAX_HEARD;
        }
      };

  StealBook(Duration window) {
    this.window = window;
  }

  /**
   * An offer this agent may take, with its score for the task in [0, 1]: the planned take, or empty
   * when the task was already claimed again, is planned already, or the offer has expired. The
   * offer's deadline is pulled into {@code [now, now + window]} (clocks differ).
   */
  Optional<Take> offer(TaskOffer offer, double score, Instant now) {
    if (heardAttempt(offer.task()) > offer.attempt()) {
      return Optional.empty();
    }
    Take known = planned.get(offer.task());
    if (known != null && known.attempt() >= offer.attempt()) {
      return Optional.empty();
    }
    if (known == null && planned.size() >= MAX_PLANNED) {
      return Optional.empty();
    }
    Instant latest = now.plus(window);
    Instant deadline = offer.deadline().isAfter(latest) ? latest : offer.deadline();
    double s = Double.isFinite(score) ? Math.max(0, Math.min(1, score)) : 0;
    Instant due = now.plus(Duration.ofMillis(Math.round(window.toMillis() / 2.0 * (1 - s))));
    if (!due.isBefore(deadline)) {
      return Optional.empty();
    }
    Take take =
        new Take(offer.task(), offer.offerer(), offer.attempt(), offer.labels(), due, deadline);
    planned.put(offer.task(), take);
    return Optional.of(take);
  }

  /** Someone claimed {@code attempt} of {@code task}: takes of earlier attempts are void. */
  void claimed(TaskRef task, int attempt, String by) {
    Heard h = heard.get(task);
    if (h == null || attempt > h.attempt()) {
      heard.put(task, new Heard(attempt, by));
    }
    Take p = planned.get(task);
    if (p != null && p.attempt() < attempt) {
      planned.remove(task);
    }
  }

  int heardAttempt(TaskRef task) {
    Heard h = heard.get(task);
    return h == null ? 0 : h.attempt();
  }

  Optional<Heard> heard(TaskRef task) {
    return Optional.ofNullable(heard.get(task));
  }

  /** The takes due at {@code now}, removed; expired ones are dropped. */
  List<Take> due(Instant now) {
    List<Take> out = new ArrayList<>();
    Iterator<Take> it = planned.values().iterator();
    while (it.hasNext()) {
      Take t = it.next();
      if (!now.isBefore(t.deadline())) {
        it.remove();
      } else if (!now.isBefore(t.due())) {
        it.remove();
        out.add(t);
      }
    }
    return out;
  }

  /** When the next planned take is due. */
  Optional<Instant> nextDue() {
    return planned.values().stream().map(Take::due).min(Instant::compareTo);
  }

  int plannedCount() {
    return planned.size();
  }
}
