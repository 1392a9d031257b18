package io.bzzz.tracker.http;

import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A value fetched once on first use (the token's login, the default branch). A lock rather than
 * {@code synchronized} because the fetch is network I/O; a failed fetch is retried next time.
 */
public final class Lazy<T> {
  private final Supplier<T> fetch;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile Optional<T> value = Optional.empty();

  public Lazy(Supplier<T> fetch) {
    this.fetch = fetch;
  }

  public T get() {
    Optional<T> known = value;
    if (known.isPresent()) {
      return known.get();
    }
    lock.lock();
    try {
      if (value.isEmpty()) {
        value = Optional.of(fetch.get());
      }
      return value.get();
    } finally {
      lock.unlock();
    }
  }
}
