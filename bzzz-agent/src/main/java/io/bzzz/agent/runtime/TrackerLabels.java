package io.bzzz.agent.runtime;

import io.bzzz.tracker.Tracker;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure one repository has Bzzz's labels, once. An agent (re)started while its tracker is away
 * must still start, keep its finished work and join the mesh, so at start an outage only defers the
 * labels to the first poll that reaches the tracker; a wrong token or repository still stops the
 * start with its error.
 */
final class TrackerLabels {
  private static final Logger log = LoggerFactory.getLogger(TrackerLabels.class);

  private final String repository;
  private final Tracker tracker;
  private final AtomicBoolean ensured = new AtomicBoolean();

  TrackerLabels(String repository, Tracker tracker) {
    this.repository = repository;
    this.tracker = tracker;
  }

  /** At start: ensures the labels, or defers them when the tracker is away. */
  void ensureAtStart() {
    try {
      ensure();
    } catch (RuntimeException e) {
      if (!TrackerOutage.isOutage(e)) {
        throw e;
      }
      log.atWarn()
          .addKeyValue("repo", repository)
          .addKeyValue("error", e.getMessage())
          .log("tracker away at start; starting anyway, labels are checked at the first poll");
    }
  }

  /** Ensures the labels unless done already; throws the tracker's error otherwise. */
  void ensure() {
    if (ensured.get()) {
      return;
    }
    tracker.ensureLabels();
    ensured.set(true);
  }
}
