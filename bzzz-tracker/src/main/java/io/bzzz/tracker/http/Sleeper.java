package io.bzzz.tracker.http;

import java.time.Duration;

/** Waits; injected so that tests record the waits a retry policy asks for instead of waiting. */
@FunctionalInterface
public interface Sleeper {
  Sleeper REAL = d -> Thread.sleep(d);

  void sleep(Duration duration) throws InterruptedException;
}
