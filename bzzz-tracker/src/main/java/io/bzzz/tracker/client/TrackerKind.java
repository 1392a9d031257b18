package io.bzzz.tracker.client;

import io.bzzz.tracker.RepoRef;
import io.bzzz.tracker.Tracker;
import io.bzzz.tracker.gitea.GiteaTracker;
import io.bzzz.tracker.github.GitHubTracker;
import io.bzzz.tracker.http.HttpPolicy;
import io.bzzz.tracker.http.Token;
import io.bzzz.tracker.http.TrackerEndpoint;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

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

  /**
   * The HTTP policy each forge asks of integrators: GitHub a second between writes (its secondary
   * rate limits); Gitea and the local tracker document no such limit, so writes are not paced (a
   * 429 from a configured limit is still waited out by the retry rules).
   */
  public HttpPolicy defaultPolicy() {
    return switch (this) {
      case GITHUB -> HttpPolicy.defaults();
      case GITEA -> HttpPolicy.defaults().withMinWriteInterval(Duration.ZERO);
    };
  }

  /** Opens a client with this kind's default policy in real time; the caller closes it. */
  public Tracker open(URI url, RepoRef repo, Optional<Token> token) {
    return open(TrackerEndpoint.of(url, repo, token, defaultPolicy()));
  }

  /** Opens a client; the caller owns it and closes it. */
  public Tracker open(TrackerEndpoint connection) {
    return switch (this) {
      case GITEA -> GiteaTracker.connect(connection);
      case GITHUB -> GitHubTracker.connect(connection);
    };
  }
}
