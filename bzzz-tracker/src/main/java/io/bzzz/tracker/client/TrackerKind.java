package io.bzzz.tracker.client;

import io.bzzz.tracker.Tracker;
import io.bzzz.tracker.gitea.GiteaTracker;
import io.bzzz.tracker.github.GitHubTracker;
import io.bzzz.tracker.http.TrackerEndpoint;
import java.util.Locale;

/**
 * Which API a tracker speaks, as configured ({@code --tracker gitea|github}); the local tracker
 * speaks Gitea's. The one place that maps configuration to an adapter.
 */
public enum TrackerKind {
  GITEA,
  GITHUB;

  public static TrackerKind parse(String name) {
    try {
      return valueOf(name.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("tracker must be gitea or github, not '" + name + "'");
    }
  }

  /** Opens a client; the caller owns it and closes it. */
  public Tracker open(TrackerEndpoint connection) {
    return switch (this) {
      case GITEA -> GiteaTracker.connect(connection);
      case GITHUB -> GitHubTracker.connect(connection);
    };
  }
}
