package io.bzzz.p2p.pubsub.router;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock that tests move by hand. */
public final class ManualClock implements InstantSource {
  private volatile Instant now; // read by the threads of the code under test

  public ManualClock(Instant start) {
    this.now = start;
  }

  @Override
  public Instant instant() {
    return now;
  }

  public void advance(Duration d) {
    now = now.plus(d);
  }
}
