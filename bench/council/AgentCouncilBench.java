import io.bzzz.agent.config.AgentConfigLoader;
import io.bzzz.agent.coordination.PeerTable;
import io.bzzz.agent.council.CouncilLedger;
import io.bzzz.agent.council.CouncilState;
import io.bzzz.agent.runtime.Agent;
import io.bzzz.tracker.NewTask;
import io.bzzz.tracker.RepoRef;
import io.bzzz.tracker.Tracker;
import io.bzzz.tracker.client.TrackerKind;
import io.bzzz.tracker.http.Token;
import io.bzzz.tracker.local.LocalTracker;
import io.bzzz.tracker.local.LocalTrackerConfig;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * Council formation with whole agents: N real {@link Agent}s in one JVM, each with its own libp2p
 * host on 127.0.0.1 (TCP, Noise, Yamux, gossipsub; bootstrap to the first agent, no mDNS), its own
 * data directory, journal and signed log, against one local tracker over HTTP. Three core roles;
 * agent i has the capability of role i mod 3, so every agent can hold one role and each role has
 * about N/3 contenders.
 *
 * <p>Measured per count: the time from labelling the brief {@code chorus-entrypoint} until its
 * status comment says {@code formed} (the brief is found by the agents' own poll rota), and the
 * tracker HTTP exchanges all agents made meanwhile: the sum over the agents of their
 * {@code bzzz_tracker_request_duration_seconds} histogram counts (the tracker client's
 * CallObserver; every exchange counts, retries and each page of a listing included). The mesh's
 * formation before the label (every agent hears every other as live with its capabilities) is
 * printed but not counted; when it is not complete within bench.meshLimit seconds the brief is
 * labelled anyway, the mesh time gets a "+" and "heard (min)" says how far it got. Also printed:
 * the most calls one agent made while forming, the idle call rate of the settled mesh over 5 s
 * before the label, the heap in use after a full collection once formed, and when the first
 * status comment (forming, from whoever convened) appeared after the label; stderr gets the
 * calls by route. Each count gets its own repository and fresh agents.
 *
 * <p>Run with bench/council/run.sh [AGENT_COUNTS...].
 */
public final class AgentCouncilBench {
  static final List<String> ROLES = List.of("architect", "coder", "tester");
  static final String TRACKER_CALLS = "bzzz_tracker_request_duration_seconds";
  static final String POLL = System.getProperty("bench.poll", "1s");
  static final String AVAILABILITY = System.getProperty("bench.availability", "2s");
  static final Duration MESH_LIMIT =
      Duration.ofSeconds(Long.getLong("bench.meshLimit", 120));

  public static void main(String[] args) throws Exception {
    List<Integer> counts = new ArrayList<>();
    for (String a : args) {
      counts.add(Integer.parseInt(a));
    }
    if (counts.isEmpty()) {
      counts = List.of(3, 10, 34);
    }
    Path dir = Files.createTempDirectory("council-agents-bench");
    // on stderr, so that stdout keeps the --engines harness's shape: a header, then one row per count
    System.err.printf(
        "whole agents in one JVM (poll %s, availability %s, -Xmx %d MB)%n",
        POLL, AVAILABILITY, Runtime.getRuntime().maxMemory() >> 20);
    try (LocalTracker server =
        LocalTracker.start(LocalTrackerConfig.of(dir.resolve("tracker")).withListen("127.0.0.1", 0))) {
      System.out.printf(
          "%-7s %-12s %-14s %-12s %-9s %-10s %-13s %-15s %-12s %s%n",
          "agents",
          "formed (s)",
          "tracker calls",
          "calls/agent",
          "mesh (s)",
          "max/agent",
          "idle calls/s",
          "live heap (MB)",
          "heard (min)",
          "status (s)");
      for (int n : counts) {
        try {
          run(server, dir, n);
        } catch (Exception | OutOfMemoryError e) {
          System.out.printf("%-7d failed: %s%n", n, e);
        }
      }
    }
  }

  static void run(LocalTracker server, Path dir, int n) throws Exception {
    String repo = "bench" + n;
    createRepo(server, repo);
    List<Agent> agents = new ArrayList<>();
    try (Tracker admin = open(server, repo)) {
      admin.ensureLabels();
      int brief =
          admin
              .createTask(
                  new NewTask(
                      "Bench " + n,
                      "```bzzz-council\ncore: [architect, coder, tester]\n```\n",
                      List.of()))
              .number();
      long meshStart = System.nanoTime();
      try {
        for (int i = 0; i < n; i++) {
          Agent a = Agent.create(AgentConfigLoader.load(Optional.empty(), Map.of(), flags(server, dir, repo, n, i, agents)), "bench");
          agents.add(a);
          a.start(Optional.empty());
        }
        // an incomplete mesh is reported, not fatal: formation is then measured on what there is
        boolean complete = waitFor(MESH_LIMIT, () -> meshFormed(agents));
        double mesh = (System.nanoTime() - meshStart) / 1e9;
        if (!complete) {
          System.err.printf("%d agents: mesh incomplete after %.0f s: %s%n", n, mesh, meshReport(agents));
        }
        int heardMin = heardMin(agents);
        // a settled mesh's idle cost, so the figure below can be read against it
        long idleStart = System.nanoTime();
        long idleBefore = calls(agents);
        Map<String, Long> idleRoutes = byRoute(agents);
        Thread.sleep(5_000);
        System.err.printf("%d agents: tracker calls in 5 s idle, by route: %s%n", n, since(agents, idleRoutes));
        double idleRate =
            (calls(agents) - idleBefore) / ((System.nanoTime() - idleStart) / 1e9);

        long[] before = perAgent(agents);
        Map<String, Long> routesBefore = byRoute(agents);
        long start = System.nanoTime();
        admin.relabel(brief, List.of("chorus-entrypoint"), List.of());
        long[] found = {0};
        await(
            "a formed council",
            Duration.ofMinutes(2),
            () -> {
              Optional<CouncilState> state = CouncilLedger.read(admin, brief).state();
              if (state.isPresent() && found[0] == 0) {
                found[0] = System.nanoTime(); // the convener's first status comment
              }
              return state.orElse(CouncilState.FORMING) == CouncilState.FORMED;
            });
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] after = perAgent(agents);
        System.err.printf(
            "%d agents: tracker calls while forming, by route: %s%n", n, since(agents, routesBefore));
        long liveHeap = liveHeap();
        long used = 0;
        long max = 0;
        for (int i = 0; i < n; i++) {
          used += after[i] - before[i];
          max = Math.max(max, after[i] - before[i]);
        }
        System.out.printf(
            "%-7d %-12.2f %-14d %-12.1f %-9s %-10d %-13.1f %-15d %-12s %.2f%n",
            n,
            seconds,
            used,
            used / (double) n,
            String.format("%.1f%s", mesh, complete ? "" : "+"),
            max,
            idleRate,
            liveHeap >> 20,
            heardMin + "/" + (n - 1),
            (found[0] - start) / 1e9);
      } finally {
        closeAll(agents);
      }
      admin.closeIssue(brief);
    }
  }

  static Map<String, List<String>> flags(
      LocalTracker server, Path dir, String repo, int n, int i, List<Agent> earlier) {
    Map<String, List<String>> f = new LinkedHashMap<>();
    f.put("name", List.of("b" + n + "-" + i));
    f.put("data-dir", List.of(dir.resolve(repo).resolve("a" + i).toString()));
    f.put("tracker", List.of("gitea"));
    f.put("tracker-url", List.of(server.baseUrl()));
    f.put("token-file", List.of(dir.resolve("tracker").resolve(LocalTracker.ADMIN_TOKEN_FILE).toString()));
    f.put("repo", List.of(LocalTracker.ADMIN + "/" + repo));
    f.put("trusted-author", List.of(LocalTracker.ADMIN));
    f.put("listen", List.of("/ip4/127.0.0.1/tcp/0"));
    f.put("no-mdns", List.of("true"));
    f.put("poll-interval", List.of(POLL));
    f.put("availability-interval", List.of(AVAILABILITY));
    f.put("replicate-logs", List.of("false"));
    f.put("executor", List.of("script"));
    f.put("capability", List.of(ROLES.get(i % ROLES.size())));
    if (i == 0) {
      f.put("run-alone", List.of("true"));
    } else {
      f.put("run-alone", List.of("false"));
      f.put("bootstrap", List.of(earlier.getFirst().multiaddrs().getFirst()));
    }
    return f;
  }

  /** Every agent hears every other as live, with the capabilities that its role choice reads. */
  static boolean meshFormed(List<Agent> agents) {
    return heardMin(agents) >= agents.size() - 1;
  }

  /** The fewest peers any agent hears as live with their capabilities. */
  static int heardMin(List<Agent> agents) {
    int min = Integer.MAX_VALUE;
    for (Agent a : agents) {
      min = Math.min(min, heard(a, true));
    }
    return min;
  }

  static int heard(Agent a, boolean withCapabilities) {
    return (int)
        a.view().peers().stream()
            .filter(p -> p.state() == PeerTable.State.LIVE)
            .filter(p -> !withCapabilities || p.capabilities().isPresent())
            .count();
  }

  /** Per agent: live peers / of those with capabilities / open connections. */
  static String meshReport(List<Agent> agents) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < agents.size(); i++) {
      Agent a = agents.get(i);
      b.append(i == 0 ? "" : " ")
          .append(heard(a, false))
          .append('/')
          .append(heard(a, true))
          .append('/')
          .append(a.view().health().connectedPeers());
    }
    return "live/with capabilities/connections per agent: " + b;
  }

  static long calls(List<Agent> agents) {
    long sum = 0;
    for (long c : perAgent(agents)) {
      sum += c;
    }
    return sum;
  }

  /** Each agent's tracker HTTP exchanges since its start, from its own latency histogram. */
  static long[] perAgent(List<Agent> agents) {
    long[] out = new long[agents.size()];
    for (int i = 0; i < out.length; i++) {
      for (MetricSnapshot s : agents.get(i).view().metrics().latencies()) {
        if (s.getMetadata().getPrometheusName().equals(TRACKER_CALLS)) {
          for (HistogramSnapshot.HistogramDataPointSnapshot p :
              ((HistogramSnapshot) s).getDataPoints()) {
            out[i] += p.getCount();
          }
        }
      }
    }
    return out;
  }

  /** All agents' tracker exchanges by method and route shape, most first. */
  static Map<String, Long> byRoute(List<Agent> agents) {
    Map<String, Long> out = new java.util.TreeMap<>();
    for (Agent a : agents) {
      for (MetricSnapshot s : a.view().metrics().latencies()) {
        if (s.getMetadata().getPrometheusName().equals(TRACKER_CALLS)) {
          for (HistogramSnapshot.HistogramDataPointSnapshot p :
              ((HistogramSnapshot) s).getDataPoints()) {
            out.merge(
                p.getLabels().get("method") + " " + p.getLabels().get("route"),
                p.getCount(),
                Long::sum);
          }
        }
      }
    }
    return out;
  }

  static Map<String, Long> since(List<Agent> agents, Map<String, Long> before) {
    Map<String, Long> now = byRoute(agents);
    before.forEach((k, v) -> now.merge(k, -v, Long::sum));
    now.values().removeIf(v -> v == 0);
    return now;
  }

  static void await(String what, Duration limit, BooleanSupplier done) throws InterruptedException {
    if (!waitFor(limit, done)) {
      throw new IllegalStateException("no " + what + " after " + limit.toSeconds() + " s");
    }
  }

  static boolean waitFor(Duration limit, BooleanSupplier done) throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > end) {
        return false;
      }
      Thread.sleep(50);
    }
    return true;
  }

  /** Closed side by side: each says goodbye and flushes its gossip, which takes a moment. */
  static void closeAll(List<Agent> agents) {
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Agent a : agents) {
        pool.submit(
            () -> {
              a.shutdown(Duration.ZERO);
              a.close();
              return null;
            });
      }
    }
  }

  /** The heap the running agents keep alive: used heap right after a full collection. */
  static long liveHeap() {
    System.gc();
    MemoryUsage u = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return u.getUsed();
  }

  static Tracker open(LocalTracker server, String repo) {
    return TrackerKind.GITEA.open(
        URI.create(server.baseUrl()),
        RepoRef.parse(LocalTracker.ADMIN + "/" + repo),
        Optional.of(Token.of(server.adminToken())));
  }

  static void createRepo(LocalTracker server, String repo) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/user/repos"))
                  .header("Authorization", "token " + server.adminToken())
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"name\":\"" + repo + "\",\"auto_init\":true}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 201) {
        throw new IllegalStateException("cannot create the repository: " + r.body());
      }
    }
  }
}
