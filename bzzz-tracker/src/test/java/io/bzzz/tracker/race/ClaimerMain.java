package io.bzzz.tracker.race;

import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.RepoRef;
import io.bzzz.tracker.Tracker;
import io.bzzz.tracker.claim.ClaimSweep;
import io.bzzz.tracker.gitea.GiteaTracker;
import io.bzzz.tracker.github.GitHubTracker;
import io.bzzz.tracker.http.Connection;
import io.bzzz.tracker.http.HttpPolicy;
import io.bzzz.tracker.http.Token;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;

/**
 * A claimer in its own process for the race tests: {@code KIND URL TOKEN OWNER/NAME AGENT}. Waits
 * for "go" on stdin so that all processes start together, prints one JSON line per won claim, then
 * "done".
 */
public final class ClaimerMain {
  private ClaimerMain() {}

  public static void main(String[] args) throws Exception {
    Connection connection =
        Connection.of(
            URI.create(args[1]),
            RepoRef.parse(args[3]),
            Optional.of(Token.of(args[2])),
            HttpPolicy.defaults().withMinWriteInterval(Duration.ZERO));
    System.out.println("ready");
    System.out.flush();
    new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine();
    try (Tracker tracker = open(args[0], connection)) {
      ClaimSweep.run(
          tracker,
          AgentIdentity.named(args[4]),
          Integer.MAX_VALUE,
          new Random(args[4].hashCode()),
          c ->
              System.out.println(
                  "{\"number\":"
                      + c.number()
                      + ",\"branch\":\""
                      + c.branch()
                      + "\",\"attempt\":"
                      + c.attempt()
                      + "}"));
    }
    System.out.println("done");
    System.out.flush();
  }

  static Tracker open(String kind, Connection connection) {
    return switch (kind) {
      case "github" -> GitHubTracker.connect(connection);
      case "gitea" -> GiteaTracker.connect(connection);
      default -> throw new IllegalArgumentException("kind must be github or gitea");
    };
  }
}
