package io.bzzz.agent.exec.llm;

import java.time.Duration;

/** Waits between retries; injected so tests do not wait for real backoff. */
@FunctionalInterface
public interface Sleeper {
  void sleep(Duration d) throws InterruptedException;

  static Sleeper real() {
    return Thread::sleep;
  }
}
