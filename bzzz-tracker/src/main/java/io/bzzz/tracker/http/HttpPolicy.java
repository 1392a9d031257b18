package io.bzzz.tracker.http;

import java.time.Duration;

/**
 * How the HTTP layer treats a tracker: retries, waits and limits. Defaults follow GitHub's
 * documented guidance (one second between writes, at least a minute after a secondary rate limit,
 * exponential growth afterwards).
 *
 * @param maxAttempts tries per request before giving up (the first call counts)
 * @param baseBackoff first wait after a 5xx or a lost connection; doubles each time
 * @param maxBackoff cap of that exponential wait
 * @param secondaryLimitWait first wait after a secondary rate limit without retry-after
 * @param maxWait a wait longer than this (e.g. a reset an hour away) fails with RateLimited
 * @param minWriteInterval time left between two writes with one token
 * @param requestTimeout time for one HTTP exchange
 * @param maxResponseBytes larger bodies are refused before they are read whole
 */
public record HttpPolicy(
    int maxAttempts,
    Duration baseBackoff,
    Duration maxBackoff,
    Duration secondaryLimitWait,
    Duration maxWait,
    Duration minWriteInterval,
    Duration requestTimeout,
    int maxResponseBytes) {

  public HttpPolicy {
    if (maxAttempts < 1 || maxResponseBytes < 1024) {
      throw new IllegalArgumentException("maxAttempts >= 1 and maxResponseBytes >= 1 KiB");
    }
    for (Duration d :
        new Duration[] {
          baseBackoff, maxBackoff, secondaryLimitWait, maxWait, minWriteInterval, requestTimeout
        }) {
      if (d.isNegative()) {
        throw new IllegalArgumentException("durations must not be negative");
      }
    }
    if (baseBackoff.compareTo(maxBackoff) > 0) {
      throw new IllegalArgumentException("baseBackoff must not exceed maxBackoff");
    }
  }

  public static HttpPolicy defaults() {
    return new HttpPolicy(
        5,
        Duration.ofSeconds(1),
        Duration.ofSeconds(60),
        Duration.ofSeconds(60),
        Duration.ofMinutes(15),
        Duration.ofSeconds(1),
        Duration.ofSeconds(30),
        16 << 20);
  }

  public HttpPolicy withMinWriteInterval(Duration interval) {
    return new HttpPolicy(
        maxAttempts,
        baseBackoff,
        maxBackoff,
        secondaryLimitWait,
        maxWait,
        interval,
        requestTimeout,
        maxResponseBytes);
  }

  /** The same policy with another exponential backoff after 5xx answers and lost connections. */
  public HttpPolicy withBackoff(Duration base, Duration max) {
    return new HttpPolicy(
        maxAttempts,
        base,
        max,
        secondaryLimitWait,
        maxWait,
        minWriteInterval,
        requestTimeout,
        maxResponseBytes);
  }

  public HttpPolicy withMaxAttempts(int attempts) {
    return new HttpPolicy(
        attempts,
        baseBackoff,
        maxBackoff,
        secondaryLimitWait,
        maxWait,
        minWriteInterval,
        requestTimeout,
        maxResponseBytes);
  }
}
