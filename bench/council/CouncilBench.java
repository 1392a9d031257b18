import io.bzzz.agent.council.CouncilCodec;
import io.bzzz.agent.council.CouncilEngine;
import io.bzzz.agent.council.CouncilLedger;
import io.bzzz.agent.council.CouncilMesh;
import io.bzzz.agent.council.CouncilMessage;
import io.bzzz.agent.council.CouncilSettings;
import io.bzzz.agent.council.CouncilState;
import io.bzzz.agent.council.RoleBook;
import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.NewTask;
import io.bzzz.tracker.RepoRef;
import io.bzzz.tracker.Tracker;
import io.bzzz.tracker.client.TrackerKind;
import io.bzzz.tracker.http.Token;
import io.bzzz.tracker.http.TrackerEndpoint;
import io.bzzz.tracker.local.LocalTracker;
import io.bzzz.tracker.local.LocalTrackerConfig;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Council formation time and its tracker cost with 3, 10 and 34 agents. The agents are council
 * engines in one JVM (the agent's real CouncilEngine, ledger and codec) against the real local
 * tracker over HTTP; the mesh between them is an in-memory bus carrying the encoded messages, so
 * gossip latency is not in the figure. Each brief has three core roles; every agent can hold one.
 * Tracker calls are counted per Tracker method call (a listing of several pages counts once).
 *
 * <p>Run with bench/council/run.sh [AGENT_COUNTS...].
 */
public final class CouncilBench {
  static final List<String> ROLES = List.of("architect", "coder", "tester");

  public static void main(String[] args) throws Exception {
    List<Integer> counts = new ArrayList<>();
    for (String a : args) {
      counts.add(Integer.parseInt(a));
    }
    if (counts.isEmpty()) {
      counts = List.of(3, 10, 34);
    }
    Path dir = Files.createTempDirectory("council-bench");
    try (LocalTracker server =
        LocalTracker.start(LocalTrackerConfig.of(dir.resolve("tracker")).withListen("127.0.0.1", 0))) {
      createRepo(server);
      System.out.printf("%-7s %-12s %-14s %s%n", "agents", "formed (s)", "tracker calls", "calls/agent");
      for (int n : counts) {
        run(server, n);
      }
    }
  }

  static void run(LocalTracker server, int n) throws Exception {
    AtomicLong calls = new AtomicLong();
    List<CouncilEngine> engines = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    List<Tracker> clients = new ArrayList<>();
    CopyOnWriteArrayList<CouncilEngine> bus = new CopyOnWriteArrayList<>();
    CouncilCodec codec = new CouncilCodec();
    CouncilSettings settings =
        new CouncilSettings(
            RoleBook.embedded(),
            Duration.ofSeconds(60),
            Duration.ofSeconds(3),
            1,
            Duration.ofSeconds(1),
            Duration.ofMillis(100));
    for (int i = 0; i < n; i++) {
      ids.add("BenchPeer" + i);
    }
    Tracker admin = open(server, new AtomicLong());
    int brief =
        admin
            .createTask(
                new NewTask(
                    "Bench " + n,
                    "```bzzz-council\ncore: [architect, coder, tester]\n```\n",
                    List.of()))
            .number();
    for (int i = 0; i < n; i++) {
      String self = ids.get(i);
      String capability = ROLES.get(i % ROLES.size());
      Tracker t = open(server, calls);
      clients.add(t);
      CouncilMesh mesh =
          new CouncilMesh() {
            @Override
            public List<String> livePeers() {
              return ids.stream().filter(p -> !p.equals(self)).toList();
            }

            @Override
            public Set<String> capabilitiesOf(String peer) {
              return Set.of(ROLES.get(ids.indexOf(peer) % ROLES.size()));
            }

            @Override
            public boolean isGone(String peer) {
              return false;
            }

            @Override
            public void publish(CouncilMessage m) {
              byte[] bytes = codec.encode(self, InstantSource.system().instant(), m);
              for (CouncilEngine e : bus) {
                e.onMessage(bytes, Optional.of(self)); // each engine drops its own echo
              }
            }
          };
      CouncilEngine e =
          new CouncilEngine(
              new AgentIdentity("bench-" + i, Optional.of(self), Optional.empty()),
              Map.of("admin/bench", t),
              (repo, token) -> {
                throw new UnsupportedOperationException("the bench files no brief over HTTP");
              },
              () -> Set.of(capability),
              mesh,
              settings,
              InstantSource.system());
      engines.add(e);
      bus.add(e);
      e.start();
    }
    calls.set(0);
    long start = System.nanoTime();
    admin.relabel(brief, List.of("chorus-entrypoint"), List.of());
    engines.get(0).discoverNow(); // the brief is found at once, as by the poller of the slot
    while (CouncilLedger.read(admin, brief).state().orElse(CouncilState.FORMING)
        != CouncilState.FORMED) {
      if (System.nanoTime() - start > Duration.ofSeconds(120).toNanos()) {
        throw new IllegalStateException(n + " agents: no council after 120 s");
      }
      Thread.sleep(20);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long used = calls.get();
    System.out.printf("%-7d %-12.2f %-14d %.1f%n", n, seconds, used, used / (double) n);
    admin.closeIssue(brief); // the next run's agents do not see this brief
    engines.forEach(CouncilEngine::close);
    clients.forEach(Tracker::close);
    admin.close();
  }

  static Tracker open(LocalTracker server, AtomicLong calls) {
    Tracker real =
        TrackerKind.GITEA.open(URI.create(server.baseUrl()), RepoRef.parse("admin/bench"), Optional.of(Token.of(server.adminToken())));
    return (Tracker)
        Proxy.newProxyInstance(
            Tracker.class.getClassLoader(),
            new Class<?>[] {Tracker.class},
            (proxy, method, margs) -> {
              if (!method.getName().equals("repo") && !method.getName().equals("close")) {
                calls.incrementAndGet();
              }
              try {
                return method.invoke(real, margs);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  static void createRepo(LocalTracker server) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/user/repos"))
                  .header("Authorization", "token " + server.adminToken())
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"bench\",\"auto_init\":true}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 201) {
        throw new IllegalStateException("cannot create the repository: " + r.body());
      }
    }
    try (Tracker t = open(server, new AtomicLong())) {
      t.ensureLabels();
    }
  }
}
