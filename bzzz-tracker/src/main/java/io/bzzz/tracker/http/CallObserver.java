package io.bzzz.tracker.http;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * Told of every HTTP exchange an {@link ApiClient} has with a tracker, retries included, so that a
 * caller can time them without this module depending on a metrics library. Called on the calling
 * thread: it must return at once.
 */
@FunctionalInterface
public interface CallObserver {
  CallObserver NONE = (method, route, status, elapsed) -> {};

  /**
   * @param route the path's shape, from {@link ApiRoutes#of}: a bounded set of names
   * @param status the HTTP status, empty when no answer came (refused, reset, timed out)
   */
  void exchanged(String method, String route, OptionalInt status, Duration elapsed);

  /**
   * The tracker answered with a rate limit (403 or 429 that GitHub's or Gitea's limit rules
   * recognise). {@code wait} is how long the client waits before it retries, zero when it gives up
   * (the wait would be longer than the policy allows).
   */
  default void rateLimited(String method, String route, Duration wait) {}
}
