package io.bzzz.tracker.fake;

import io.bzzz.tracker.RepoRef;
import io.bzzz.tracker.http.HttpPolicy;
import io.bzzz.tracker.http.Token;
import io.bzzz.tracker.http.TokenSource;
import io.bzzz.tracker.http.TrackerEndpoint;
import io.bzzz.tracker.http.WritePacer;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;

/** Connections for tests: a fake clock that records waits, seeded randomness. */
public final class Connections {
  private Connections() {}

  public static TrackerEndpoint fake(URI url, RepoRef repo, String token, TestClock clock) {
    return fake(url, repo, Optional.of(Token.of(token)), clock, HttpPolicy.defaults());
  }

  public static TrackerEndpoint fake(
      URI url, RepoRef repo, Optional<Token> token, TestClock clock, HttpPolicy policy) {
    return new TrackerEndpoint(
        url,
        repo,
        token.map(TokenSource::fixed),
        policy,
        clock,
        clock,
        new Random(7),
        new WritePacer(policy.minWriteInterval(), clock, clock));
  }

  /** Real time without pacing: for races, where many claimers must run at once. */
  public static TrackerEndpoint unpaced(URI url, RepoRef repo, String token) {
    HttpPolicy policy = HttpPolicy.defaults().withMinWriteInterval(Duration.ZERO);
    return TrackerEndpoint.of(url, repo, Optional.of(Token.of(token)), policy);
  }
}
