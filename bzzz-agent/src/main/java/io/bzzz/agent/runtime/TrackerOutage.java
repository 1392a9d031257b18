package io.bzzz.agent.runtime;

import io.bzzz.tracker.TrackerException;
import io.bzzz.tracker.result.PushFailedException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the tracker is away, as the poller and the delivery worker see it: one warning when an
 * outage starts, one line when the tracker answers again, and nothing per retry in between. The
 * agent keeps its claims and its finished work meanwhile; when the tracker returns, {@code
 * onReturn} runs (the delivery worker retries at once instead of at the end of its backoff).
 */
final class TrackerOutage {
  private static final Logger log = LoggerFactory.getLogger(TrackerOutage.class);

  private final InstantSource clock;
  private final Runnable onReturn;
  private final ReentrantLock lock = new ReentrantLock();
  private Instant since; // null while the tracker answers

  TrackerOutage(InstantSource clock, Runnable onReturn) {
    this.clock = clock;
    this.onReturn = onReturn;
  }

  /**
   * True for the failures an outage causes (no connection, 5xx after retries, rate limits, a git
   * push that could not get through): wait and try again, keep everything.
   */
  static boolean isOutage(RuntimeException e) {
    return e instanceof TrackerException.Unreachable
        || e instanceof TrackerException.ServerError
        || e instanceof TrackerException.RateLimited
        || e instanceof PushFailedException;
  }

  /** A call failed with an outage error; logged only when this starts an outage. */
  void failed(String what, RuntimeException e) {
    lock.lock();
    try {
      if (since != null) {
        log.atDebug().addKeyValue("what", what).log("tracker still away: " + e.getMessage());
        return;
      }
      since = clock.instant();
    } finally {
      lock.unlock();
    }
    log.atWarn()
        .addKeyValue("what", what)
        .addKeyValue("error", e.getMessage())
        .log("tracker away; claims and finished work are kept and retried with backoff");
  }

  /** A call succeeded; ends an outage if there was one. */
  void answered() {
    Instant began;
    lock.lock();
    try {
      began = since;
      since = null;
    } finally {
      lock.unlock();
    }
    if (began != null) {
      log.atInfo()
          .addKeyValue("away_s", Duration.between(began, clock.instant()).toSeconds())
          .log("tracker answers again; resuming deliveries");
      onReturn.run();
    }
  }

  boolean away() {
    lock.lock();
    try {
      return since != null;
    } finally {
      lock.unlock();
    }
  }
}
