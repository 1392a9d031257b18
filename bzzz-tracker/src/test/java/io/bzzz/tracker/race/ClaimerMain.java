package io.bzzz.tracker.race;

import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.RepoRef;
import io.bzzz.tracker.Tracker;
import io.bzzz.tracker.claim.ClaimSweep;
import io.bzzz.tracker.client.TrackerKind;
import io.bzzz.tracker.http.HttpPolicy;
import io.bzzz.tracker.http.Token;
import io.bzzz.tracker.http.TrackerEndpoint;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;

/**
 * A claimer in its own process for the race tests: {@code AGENT (KIND URL TOKEN OWNER/NAME)...}.
 * For each tracker in turn it prints "ready", waits for "go" on stdin so that all processes start
 * together, prints one JSON line per won claim, then "done". One process serves every tracker so
 * that the test starts 8 JVMs, not 24.
 */
public final class ClaimerMain {
  private ClaimerMain() {}

  public static void main(String[] args) throws Exception {
    String agent = args[0];
    BufferedReader stdin =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (int i = 1; i + 3 < args.length; i += 4) {
      TrackerEndpoint connection =
          TrackerEndpoint.of(
              URI.create(args[i + 1]),
              RepoRef.parse(args[i + 3]),
              Optional.of(Token.of(args[i + 2])),
              HttpPolicy.defaults().withMinWriteInterval(Duration.ZERO));
      try (Tracker tracker = open(args[i], connection)) {
        System.out.println("ready");
        System.out.flush();
        stdin.readLine();
        ClaimSweep.run(
            tracker,
            AgentIdentity.named(agent),
            Integer.MAX_VALUE,
            new Random(agent.hashCode()),
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
  }

  static Tracker open(String kind, TrackerEndpoint connection) {
    return TrackerKind.parse(kind).open(connection);
  }
}
