package io.bzzz.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bzzz.cli.testing.BzzzCli;
import io.bzzz.testing.ChildProcess;
import io.bzzz.tracker.RepoRef;
import io.bzzz.tracker.Tracker;
import io.bzzz.tracker.client.TrackerKind;
import io.bzzz.tracker.http.Token;
import io.bzzz.tracker.local.LocalTracker;
import io.bzzz.tracker.local.LocalTrackerConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Test fixture: a real local tracker with one repository and agents as real {@code bzzz agent}
 * processes on loopback, with short intervals. Owns both; {@link #close} kills the agents first.
 */
final class AgentMesh implements AutoCloseable {
  static final String REPO = "admin/mesh";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One agent process and where it can be reached. */
  record Member(String name, ChildProcess process, String peerId, String multiaddr, String api) {}

  final Path dir;
  final LocalTracker tracker;
  final Tracker client;
  final List<Member> members = Collections.synchronizedList(new ArrayList<>()); // parallel starts

  AgentMesh(Path dir, List<String> labels) throws IOException {
    this.dir = dir;
    this.tracker =
        LocalTracker.start(
            LocalTrackerConfig.of(dir.resolve("tracker")).withListen("127.0.0.1", 0));
    DemoForge.createRepo(tracker.baseUrl(), tracker.adminToken(), "mesh");
    for (String label : labels) {
      DemoForge.createLabel(tracker.baseUrl(), tracker.adminToken(), REPO, label);
    }
    this.client =
        TrackerKind.GITEA.open(
            URI.create(tracker.baseUrl()),
            RepoRef.parse(REPO),
            Optional.of(Token.of(tracker.adminToken())));
    client.ensureLabels();
  }

  Member start(String name, String... extra) {
    return start(name, Map.of(), "1s", "1s", extra);
  }

  /**
   * Starts an agent with its own environment additions (a PATH) and intervals; the data directory
   * is {@code dir/name}, so starting the same name again brings back the same peer id.
   */
  Member start(
      String name,
      Map<String, String> env,
      String pollInterval,
      String availabilityInterval,
      String... extra) {
    return start(
        name,
        tracker.baseUrl(),
        List.copyOf(members),
        env,
        pollInterval,
        availabilityInterval,
        extra);
  }

  /**
   * Starts an agent that reaches the tracker's API at {@code trackerUrl} (a proxy in front of it)
   * and knows only the {@code bootstrap} members: a mesh split from the start, or a fault test.
   */
  Member start(
      String name,
      String trackerUrl,
      List<Member> bootstrap,
      Map<String, String> env,
      String pollInterval,
      String availabilityInterval,
      String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "agent",
                "--name",
                name,
                "--data-dir",
                dir.resolve(name).toString(),
                "--tracker-url",
                trackerUrl,
                "--token-file",
                dir.resolve("tracker").resolve(LocalTracker.ADMIN_TOKEN_FILE).toString(),
                "--repo",
                REPO,
                "--trusted-author",
                "admin",
                "--listen",
                "/ip4/127.0.0.1/tcp/0",
                "--no-mdns",
                "--http",
                "127.0.0.1:0",
                "--poll-interval",
                pollInterval,
                "--availability-interval",
                availabilityInterval));
    if (!List.of(extra).contains("--shutdown-grace")) {
      args.addAll(List.of("--shutdown-grace", "5"));
    }
    for (Member m : bootstrap) {
      args.addAll(List.of("--bootstrap", m.multiaddr()));
    }
    args.addAll(List.of(extra));
    ChildProcess p = BzzzCli.start(env, args.toArray(String[]::new));
    String peer = p.awaitLineStartingWith("peer ", Duration.ofSeconds(90)).substring(5);
    String addr = p.awaitLineStartingWith("listen ", Duration.ofSeconds(30)).substring(7);
    String api = p.awaitLineStartingWith("api ", Duration.ofSeconds(30)).substring(4);
    Member m = new Member(name, p, peer, addr, api.replace("/api/health", ""));
    members.add(m);
    return m;
  }

  /** GET {@code url} and parse JSON. */
  static JsonNode getJson(String url) {
    return parse(get(url, Optional.empty()));
  }

  static String get(String url, Optional<String> token) {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
      token.ifPresent(t -> b.header("Authorization", "token " + t));
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(url + ": " + r.body()).isEqualTo(200);
      return r.body();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The highest claim on task 1 (the tests' only task). */
  io.bzzz.tracker.Claim currentClaim() {
    return client.currentClaim(1).orElseThrow();
  }

  /** Every pull request of the repository, open or not. */
  JsonNode pulls() {
    return parse(
        get(
            tracker.baseUrl() + "/api/v1/repos/" + REPO + "/pulls?state=all&limit=50",
            Optional.of(tracker.adminToken())));
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    members.forEach(m -> m.process().kill());
    members.forEach(m -> m.process().close());
    client.close();
    tracker.close();
  }
}
