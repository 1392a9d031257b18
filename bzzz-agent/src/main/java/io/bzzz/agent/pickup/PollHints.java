package io.bzzz.agent.pickup;

import io.bzzz.tracker.BzzzLabels;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

/**
 * The gate every hint passes before it makes this agent call the tracker: only tasks of watched
 * repositories, labelled {@code bzzz-task} and not yet claimed, done or failed, each task at most
 * once per {@link #REPEAT_AFTER} (a hint this agent could not act on, being full, does not count),
 * and at most {@link #BURST} hints at once refilled at {@link #PER_SECOND} a second. A flood of
 * webhooks or of peers' {@code task_available} (forged or not) therefore costs a bounded number of
 * tracker calls; polling still finds whatever a dropped hint was about.
 */
public final class PollHints {
  static final Duration REPEAT_AFTER = Duration.ofSeconds(30);
  static final int BURST = TokenBucket.BURST;
  static final double PER_SECOND = TokenBucket.PER_SECOND;
  private static final int REMEMBERED = 4096;

  /** What became of a hint. */
  public enum Verdict {
    ACCEPTED,
    FOREIGN,
    NOT_A_TASK,
    DUPLICATE,
    RATE_LIMITED;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Set<String> watched;
  private final InstantSource clock;
  private final PickupMetrics metrics;
  private final TaskAvailability next;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Instant> recent =
      new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
          return size() > REMEMBERED;
        }
      };
  private final TokenBucket bucket;

  /**
   * @param tracker the mesh name of the agent's tracker ({@code gitea}, {@code github})
   * @param repositories the watched {@code owner/name}s
   */
  public PollHints(
      String tracker,
      Set<String> repositories,
      InstantSource clock,
      PickupMetrics metrics,
      TaskAvailability next) {
    this.watched =
        repositories.stream().map(r -> key(tracker, r)).collect(Collectors.toUnmodifiableSet());
    this.clock = clock;
    this.metrics = metrics;
    this.next = next;
    this.bucket = new TokenBucket(clock);
  }

  private static String key(String tracker, String repository) {
    return tracker + " " + repository.toLowerCase(Locale.ROOT); // names ignore case on both
  }

  private static String taskKey(TaskHint hint) {
    return key(hint.task().tracker(), hint.task().repository()) + "#" + hint.task().number();
  }

  /** Whether {@code repository} of {@code tracker} is one this agent watches. */
  boolean watches(String tracker, String repository) {
    return watched.contains(key(tracker, repository));
  }

  /** Labels an issue gets once it is claimed or over: it is no candidate any more. */
  private static boolean taken(String label) {
    return label.equalsIgnoreCase(BzzzLabels.CLAIMED)
        || label.equalsIgnoreCase(BzzzLabels.DONE)
        || label.equalsIgnoreCase(BzzzLabels.FAILED);
  }

  /** Passes the hint on when it is new, for a task here, and within the rate. */
  public Verdict offer(TaskHint hint) {
    Verdict v = judge(hint);
    metrics.hint(hint.origin(), v);
    if (v == Verdict.ACCEPTED && !next.available(hint)) {
      forget(hint); // nothing was asked of the tracker: a repeat once a slot is free may pass
    }
    return v;
  }

  private void forget(TaskHint hint) {
    lock.lock();
    try {
      recent.remove(taskKey(hint));
    } finally {
      lock.unlock();
    }
  }

  private Verdict judge(TaskHint hint) {
    if (!watches(hint.task().tracker(), hint.task().repository())) {
      return Verdict.FOREIGN;
    }
    if (hint.labels().stream().noneMatch(l -> l.equalsIgnoreCase(BzzzLabels.TASK))
        || hint.labels().stream().anyMatch(PollHints::taken)) {
      return Verdict.NOT_A_TASK; // e.g. the label_updated of an agent's own claim
    }
    lock.lock();
    try {
      Instant now = clock.instant();
      String task = taskKey(hint);
      Instant last = recent.get(task);
      if (last != null && now.isBefore(last.plus(REPEAT_AFTER))) {
        return Verdict.DUPLICATE;
      }
      if (!bucket.take()) {
        return Verdict.RATE_LIMITED;
      }
      recent.remove(task); // re-inserted last, so the oldest go first
      recent.put(task, now);
      return Verdict.ACCEPTED;
    } finally {
      lock.unlock();
    }
  }
}
