package io.bzzz.tracker.local.store;

import java.time.Instant;
import java.util.List;

/**
 * A repository webhook: deliveries of {@code events} go to {@code url}, signed with {@code secret}.
 * {@link #toString} leaves the secret out.
 */
public record Hook(
    long id,
    long repoId,
    String url,
    String contentType,
    String secret,
    List<String> events,
    boolean active,
    Instant created,
    Instant updated) {

  public Hook {
    events = List.copyOf(events);
  }

  /** Whether a delivery of {@code event} goes to this hook. */
  public boolean wants(String event) {
    return active && events.contains(event);
  }

  @Override
  public String toString() {
    return "Hook[" + id + " " + url + " " + events + (active ? "" : " inactive") + "]";
  }
}
