package io.bzzz.tracker.fake;

import io.bzzz.tracker.RepoRef;
import io.bzzz.tracker.http.Connection;
import io.bzzz.tracker.http.HttpPolicy;
import io.bzzz.tracker.http.Token;
import io.bzzz.tracker.http.WritePacer;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;

/** Connections for tests: a fake clock that records waits, seeded randomness. */
public final class Connections {
  private Connections() {}

  public static Connection fake(URI url, RepoRef repo, String token, TestClock clock) {
    return fake(url, repo, Optional.of(Token.of(token)), clock, HttpPolicy.defaults());
  }

  public static Connection fake(
      URI url, RepoRef repo, Optional<Token> token, TestClock clock, HttpPolicy policy) {
    return new Connection(
        url,
        repo,
        token,
        policy,
        clock,
        clock,
        new Random(7),
        new WritePacer(policy.minWriteInterval(), clock, clock));
  }

  /** Real time without pacing: for races, where many claimers must run at once. */
  public static Connection unpaced(URI url, RepoRef repo, String token) {
    HttpPolicy policy = HttpPolicy.defaults().withMinWriteInterval(Duration.ZERO);
    return Connection.of(url, repo, Optional.of(Token.of(token)), policy);
  }
}
