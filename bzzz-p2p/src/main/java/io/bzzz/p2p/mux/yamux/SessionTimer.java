package io.bzzz.p2p.mux.yamux;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The session's timed duties, on one thread that never does I/O itself: a keep-alive Ping every
 * interval (its answer gives the RTT that window auto-tuning needs), closing the session when a
 * Ping goes unanswered, and closing it when one frame write has blocked past the write timeout. The
 * first Ping goes out at once so auto-tuning has an RTT early.
 */
final class SessionTimer implements Runnable {
  private final YamuxConfig config;
  private final InstantSource clock;
  private final FrameWriter writer;
  private final Predicate<YamuxFrame> sendControl;
  private final Consumer<String> fail;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();

  private boolean stopped;
  private long nextPingValue = 1;
  private Optional<Outstanding> outstanding = Optional.empty();
  private Instant nextPingAt;
  private volatile Optional<Duration> rtt = Optional.empty();

  private record Outstanding(long value, Instant sentAt) {}

  SessionTimer(
      YamuxConfig config,
      InstantSource clock,
      FrameWriter writer,
      Predicate<YamuxFrame> sendControl,
      Consumer<String> fail) {
    this.config = config;
    this.clock = clock;
    this.writer = writer;
    this.sendControl = sendControl;
    this.fail = fail;
    this.nextPingAt = clock.instant();
  }

  /** The RTT measured by the latest answered Ping. */
  Optional<Duration> rtt() {
    return rtt;
  }

  /** Handles a Ping|ACK; returns false when it answers no Ping of ours. */
  boolean onPong(long value) {
    lock.lock();
    try {
      if (outstanding.isEmpty() || outstanding.get().value() != value) {
        return false;
      }
      rtt = Optional.of(Duration.between(outstanding.get().sentAt(), clock.instant()));
      outstanding = Optional.empty();
      return true;
    } finally {
      lock.unlock();
    }
  }

  void stop() {
    lock.lock();
    try {
      stopped = true;
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void run() {
    Duration watchPeriod = config.writeTimeout().dividedBy(4);
    while (true) {
      Optional<String> failure;
      lock.lock();
      try {
        if (stopped) {
          return;
        }
        Instant now = clock.instant();
        failure = check(now);
        if (failure.isEmpty()) {
          Duration wait = watchPeriod;
          if (config.keepAliveEnabled()) {
            Instant due =
                outstanding.map(o -> o.sentAt().plus(config.keepAliveTimeout())).orElse(nextPingAt);
            wait = min(wait, Duration.between(now, due));
          }
          wake.awaitNanos(Math.max(1, wait.toNanos()));
          continue;
        }
      } catch (InterruptedException e) {
        return;
      } finally {
        lock.unlock();
      }
      fail.accept(failure.get());
      return;
    }
  }

  private Optional<String> check(Instant now) {
    Optional<Duration> stalled = writer.stalledFor(now);
    if (stalled.isPresent() && stalled.get().compareTo(config.writeTimeout()) > 0) {
      return Optional.of(
          "write blocked for " + stalled.get().toMillis() + " ms: the peer stopped reading");
    }
    if (!config.keepAliveEnabled()) {
      return Optional.empty();
    }
    if (outstanding.isPresent()) {
      Duration waited = Duration.between(outstanding.get().sentAt(), now);
      if (waited.compareTo(config.keepAliveTimeout()) > 0) {
        return Optional.of("keep-alive ping unanswered for " + waited.toMillis() + " ms");
      }
    } else if (!now.isBefore(nextPingAt)) {
      long value = nextPingValue++ & YamuxFrame.MAX_LENGTH;
      if (!sendControl.test(YamuxFrame.ping(YamuxFrame.SYN, value))) {
        return Optional.of("control frame queue full");
      }
      outstanding = Optional.of(new Outstanding(value, now));
      nextPingAt = now.plus(config.keepAliveInterval());
    }
    return Optional.empty();
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
