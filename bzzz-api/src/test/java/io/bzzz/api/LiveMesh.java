package io.bzzz.api;

import io.bzzz.agent.config.AgentConfig;
import io.bzzz.agent.config.AgentConfigLoader;
import io.bzzz.agent.runtime.Agent;
import io.bzzz.tracker.BzzzLabels;
import io.bzzz.tracker.NewTask;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Real agents assembled in this JVM: a local tracker with repository {@code admin/demo}, and agents
 * with their HTTP APIs on loopback, each bootstrapping to the first. Owns all of them.
 */
final class LiveMesh implements AutoCloseable {
  static final String REPO = "admin/demo";

  /** A running agent and its API. */
  record Member(String name, Agent agent, ApiServer api) {}

  private final Path dir;
  private final LocalTracker tracker;
  private final Tracker client;
  private final List<Member> members = new ArrayList<>();

  private LiveMesh(Path dir, LocalTracker tracker, Tracker client) {
    this.dir = dir;
    this.tracker = tracker;
    this.client = client;
  }

  static LiveMesh start(Path dir) throws IOException, InterruptedException {
    LocalTracker tracker = LocalTracker.start(LocalTrackerConfig.of(dir.resolve("tracker")));
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(tracker.baseUrl() + "/api/v1/user/repos"))
                  .header("Authorization", "token " + tracker.adminToken())
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString("{\"name\":\"demo\",\"auto_init\":true}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 201) {
        tracker.close();
        throw new IOException("cannot create the repository: " + r.statusCode() + " " + r.body());
      }
    }
    Tracker client =
        TrackerKind.GITEA.open(
            URI.create(tracker.baseUrl()),
            RepoRef.parse(REPO),
            Optional.of(Token.of(tracker.adminToken())));
    client.ensureLabels();
    return new LiveMesh(dir, tracker, client);
  }

  /** Starts one more agent; the first one is everyone's bootstrap peer. */
  Member addAgent(String name, String... extraFlags) throws IOException {
    Map<String, List<String>> flags = new LinkedHashMap<>();
    flags.put("name", List.of(name));
    flags.put("data-dir", List.of(dir.resolve(name).toString()));
    flags.put("tracker-url", List.of(tracker.baseUrl()));
    flags.put(
        "token-file",
        List.of(dir.resolve("tracker").resolve(LocalTracker.ADMIN_TOKEN_FILE).toString()));
    flags.put("repo", List.of(REPO));
    flags.put("trusted-author", List.of("admin"));
    flags.put("listen", List.of("/ip4/127.0.0.1/tcp/0"));
    flags.put("no-mdns", List.of("true"));
    flags.put("poll-interval", List.of("1s"));
    flags.put("availability-interval", List.of("1s"));
    flags.put("executor-timeout", List.of("1m"));
    flags.put("replicate-logs", List.of("false"));
    if (!members.isEmpty()) {
      flags.put("bootstrap", List.of(members.get(0).agent().multiaddrs().get(0)));
    }
    for (int i = 0; i + 1 < extraFlags.length; i += 2) {
      flags.put(extraFlags[i], List.of(extraFlags[i + 1]));
    }
    AgentConfig config = AgentConfigLoader.load(Optional.empty(), Map.of(), flags);
    Agent agent = Agent.create(config, "test");
    ApiServer api;
    try {
      api =
          ApiServer.start(
              "127.0.0.1", 0, agent.view(), agent.webhooks(), Optional.of(agent.councils()));
    } catch (IOException e) {
      agent.close();
      throw e;
    }
    agent.start(Optional.of(api.healthUrl()));
    Member m = new Member(name, agent, api);
    members.add(m);
    return m;
  }

  /** Adds a script task that writes {@code file}. */
  long addScriptTask(String title, String file) {
    String body =
        "A test task.\n\n```bzzz-script\nprintf 'done\\n' > "
            + file
            + "\necho wrote "
            + file
            + "\n```\n";
    return client.createTask(new NewTask(title, body, List.of(BzzzLabels.TASK))).number();
  }

  /** Files a council brief (an issue labelled {@code chorus-entrypoint}). */
  int addBrief(String title, String body) {
    return client.createTask(new NewTask(title, body, List.of("chorus-entrypoint"))).number();
  }

  /** The local tracker under the mesh (its URL and admin token, for hooks). */
  LocalTracker tracker() {
    return tracker;
  }

  List<Member> members() {
    return List.copyOf(members);
  }

  @Override
  public void close() {
    for (Member m : members.reversed()) {
      m.agent().shutdown(Duration.ofSeconds(5));
      m.api().close();
      m.agent().close();
    }
    client.close();
    tracker.close();
  }
}
