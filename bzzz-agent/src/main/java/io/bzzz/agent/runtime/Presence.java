package io.bzzz.agent.runtime;

import io.bzzz.agent.capability.LiveCapabilities;
import io.bzzz.agent.coordination.Coordinator;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this agent present on the mesh with two threads it owns: the heartbeat (availability every
 * interval, the capabilities again when {@link CapabilityRefresh} says so, and the coordination
 * tick: help rounds, peer table) and the capability watcher (detection again every interval, a
 * broadcast only on a change). The heartbeat outlives the watcher at shutdown, so peers do not
 * suspect the agent while its tasks finish.
 */
final class Presence {
  private static final Logger log = LoggerFactory.getLogger(Presence.class);

  private final Announcements announcements;
  private final Coordinator coordinator;
  private final LiveCapabilities capabilities;
  private final Duration availabilityInterval;
  private final Duration capabilityInterval;
  private final CountDownLatch heartbeatStop = new CountDownLatch(1);
  private final Thread heartbeat;
  private final Thread watcher;

  Presence(
      Announcements announcements,
      Coordinator coordinator,
      LiveCapabilities capabilities,
      Duration availabilityInterval,
      Duration capabilityInterval) {
    this.announcements = announcements;
    this.coordinator = coordinator;
    this.capabilities = capabilities;
    this.availabilityInterval = availabilityInterval;
    this.capabilityInterval = capabilityInterval;
    this.heartbeat = Thread.ofVirtual().name("agent-heartbeat").unstarted(this::beat);
    this.watcher = Thread.ofVirtual().name("agent-capabilities").unstarted(this::watch);
  }

  /** The startup capability broadcast, then both threads. */
  void start() {
    announcements.capabilities("startup");
    heartbeat.start();
    watcher.start();
  }

  /** Stops the capability watcher (at the start of a shutdown). */
  void stopWatching() throws InterruptedException {
    watcher.interrupt();
    if (watcher.getState() != Thread.State.NEW) {
      watcher.join(Duration.ofSeconds(5));
    }
  }

  /** Stops the heartbeat: after the grace period, before the goodbye, which must be the last. */
  void stopHeartbeat() throws InterruptedException {
    heartbeatStop.countDown();
    if (heartbeat.getState() != Thread.State.NEW) {
      heartbeat.join(Duration.ofSeconds(10));
    }
  }

  private void beat() {
    while (heartbeatStop.getCount() > 0) {
      announcements.availability();
      announcements.capabilitiesAgainIfDue();
      try {
        coordinator.tick();
      } catch (IOException | RuntimeException e) {
        log.atWarn().log("coordination tick failed: " + e.getMessage());
      }
      try {
        // the broadcast period; shutdown ends it with the latch, after the grace period, so the
        // goodbye is the last broadcast
        heartbeatStop.await(availabilityInterval.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Detects capabilities again every interval; broadcasts only a change, with its reason. */
  private void watch() {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(capabilityInterval); // the detection period
        capabilities
            .redetect()
            .ifPresent(
                reason -> {
                  log.atInfo().addKeyValue("reason", reason).log("capabilities changed");
                  announcements.capabilities(reason);
                });
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.atWarn().log("capability detection failed: " + e.getMessage());
      }
    }
  }
}
