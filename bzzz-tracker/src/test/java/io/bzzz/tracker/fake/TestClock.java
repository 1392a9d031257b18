package io.bzzz.tracker.fake;

import io.bzzz.tracker.http.Sleeper;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that only moves when something sleeps on it; records every requested wait. */
public final class TestClock implements InstantSource, Sleeper {
  private final AtomicReference<Instant> now;
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  public TestClock(Instant start) {
    this.now = new AtomicReference<>(start);
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public void sleep(Duration duration) {
    sleeps.add(duration);
    now.updateAndGet(t -> t.plus(duration));
  }

  public List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }

  public void clearSleeps() {
    sleeps.clear();
  }
}
