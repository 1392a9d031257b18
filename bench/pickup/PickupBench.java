import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bzzz.tracker.local.LocalTracker;
import io.bzzz.tracker.local.LocalTrackerConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pickup latency with real agent processes on one machine: a local tracker, AGENTS agents, ISSUES
 * script tasks created GAP_MS apart; the time from just before each issue's POST to the agent's
 * "claimed" event (its /api/v1/events feed, the agent's own clock, the same machine). Run twice in
 * one go: webhooks on (a hook per agent, the default fallback poll of 120 s) and polling only at
 * POLL_INTERVAL. Tracker API calls are what the agents' own clients counted
 * (bzzz_tracker_request_duration_seconds), divided by the tasks.
 *
 * <p>Run with bench/pickup/run.sh [ISSUES] [AGENTS] [POLL_INTERVAL] [GAP_MS].
 */
public final class PickupBench {
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final ObjectMapper JSON = new ObjectMapper();
  static final String REPO = "admin/bench";

  record Result(String mode, List<Double> pickups, int tasks, double calls, double polls, int claimed) {}

  static String send(String method, String url, String token, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "token " + token);
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException(method + " " + url + " -> " + r.statusCode() + " " + r.body());
    }
    return r.body();
  }

  public static void main(String[] args) throws Exception {
    int issues = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int agents = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    String poll = args.length > 2 ? args[2] : "30s";
    long gap = args.length > 3 ? Long.parseLong(args[3]) : 700;
    System.out.printf(
        "pickup benchmark: %d agents, %d issues %d ms apart; cores=%d, load=%s%n",
        agents, issues, gap, Runtime.getRuntime().availableProcessors(), load());
    Result push = run("webhooks", true, issues, agents, null, gap);
    Result polled = run("polling " + poll, false, issues, agents, poll, gap);
    System.out.println();
    System.out.printf("%-44s %14s %18s%n", "", push.mode(), polled.mode());
    row("tasks claimed / created", push.claimed() + " / " + push.tasks(), polled.claimed() + " / " + polled.tasks());
    row("pickup p50 (issue created -> claimed)", fmt(pct(push.pickups(), 50)), fmt(pct(polled.pickups(), 50)));
    row("pickup p95", fmt(pct(push.pickups(), 95)), fmt(pct(polled.pickups(), 95)));
    row("pickup max", fmt(pct(push.pickups(), 100)), fmt(pct(polled.pickups(), 100)));
    row("tracker API calls per task (all agents)", String.format("%.1f", push.calls() / push.tasks()), String.format("%.1f", polled.calls() / polled.tasks()));
    row("candidate polls (all agents)", String.format("%.0f", push.polls()), String.format("%.0f", polled.polls()));
    System.out.println("load average at the end: " + load());
  }

  static void row(String name, String a, String b) {
    System.out.printf("%-44s %14s %18s%n", name, a, b);
  }

  static String fmt(double seconds) {
    return Double.isNaN(seconds) ? "-" : String.format("%.2f s", seconds);
  }

  static double pct(List<Double> xs, int p) {
    if (xs.isEmpty()) {
      return Double.NaN;
    }
    List<Double> s = new ArrayList<>(xs);
    s.sort(null);
    int i = (int) Math.ceil(p / 100.0 * s.size()) - 1;
    return s.get(Math.max(0, Math.min(s.size() - 1, i)));
  }

  static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (Exception e) {
      return "?";
    }
  }

  static Result run(String mode, boolean webhooks, int issues, int agents, String poll, long gap) throws Exception {
    Path dir = Files.createTempDirectory("bzzz-pickup-bench");
    List<Process> procs = new ArrayList<>();
    Map<Long, Instant> claimed = new ConcurrentHashMap<>();
    List<String> apis = new ArrayList<>();
    try (LocalTracker tracker = LocalTracker.start(LocalTrackerConfig.of(dir.resolve("tracker")))) {
      String api = tracker.baseUrl() + "/api/v1";
      String admin = tracker.adminToken();
      send("POST", api + "/user/repos", admin, "{\"name\":\"bench\",\"auto_init\":true}");
      long taskLabel = JSON.readTree(send("POST", api + "/repos/" + REPO + "/labels", admin, "{\"name\":\"bzzz-task\",\"color\":\"fbca04\"}")).get("id").asLong();
      Path token = dir.resolve("tracker").resolve(LocalTracker.ADMIN_TOKEN_FILE);
      String bootstrap = null;
      for (int i = 1; i <= agents; i++) {
        List<String> cmd = new ArrayList<>(List.of(
            ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path"),
            "io.bzzz.cli.Bzzz", "agent", "--name", "b" + i, "--data-dir", dir.resolve("b" + i).toString(),
            "--tracker-url", tracker.baseUrl(), "--token-file", token.toString(), "--repo", REPO,
            "--trusted-author", "admin", "--listen", "/ip4/127.0.0.1/tcp/0", "--no-mdns",
            "--http", "127.0.0.1:0", "--availability-interval", "2s", "--max-tasks", "4",
            "--replicate-logs", "false", "--shutdown-grace", "2"));
        String secret = null;
        if (webhooks) {
          byte[] b = new byte[32];
          new java.security.SecureRandom().nextBytes(b);
          secret = HexFormat.of().formatHex(b);
          Path f = dir.resolve("b" + i + ".secret");
          Files.writeString(f, secret);
          cmd.addAll(List.of("--webhook-secret-file", f.toString()));
        } else {
          cmd.addAll(List.of("--poll-interval", poll));
        }
        if (bootstrap != null) {
          cmd.addAll(List.of("--bootstrap", bootstrap));
        }
        Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("b" + i + ".log").toFile()).start();
        procs.add(p);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String health = null;
        String line;
        while ((line = out.readLine()) != null) {
          if (line.startsWith("listen ") && bootstrap == null) {
            bootstrap = line.substring(7);
          }
          if (line.startsWith("api ")) {
            health = line.substring(4);
            break;
          }
        }
        if (health == null) {
          throw new IllegalStateException("agent b" + i + " did not start; see " + dir.resolve("b" + i + ".log"));
        }
        String base = health.replaceFirst("/api/health$", "");
        apis.add(base);
        if (webhooks) {
          send("POST", api + "/repos/" + REPO + "/hooks", admin,
              "{\"type\":\"gitea\",\"active\":true,\"events\":[\"issues\"],\"config\":{\"url\":\"" + base
                  + "/api/v1/webhooks/gitea\",\"content_type\":\"json\",\"secret\":\"" + secret + "\"}}");
        }
        follow(base, claimed);
      }
      Thread.sleep(15_000); // the mesh forms and every agent has done its first poll of the empty repository
      Map<Long, Instant> created = new ConcurrentHashMap<>();
      for (int n = 0; n < issues; n++) {
        Instant t0 = Instant.now();
        JsonNode issue = JSON.readTree(send("POST", api + "/repos/" + REPO + "/issues", admin,
            "{\"title\":\"bench task " + n + "\",\"body\":\"```bzzz-script\\necho " + n + " > done-" + n + ".txt\\n```\\n\",\"labels\":[" + taskLabel + "]}"));
        created.put(issue.get("number").asLong(), t0);
        Thread.sleep(gap);
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(webhooks ? 60 : 120).toNanos();
      while (System.nanoTime() < deadline && !claimed.keySet().containsAll(created.keySet())) {
        Thread.sleep(200);
      }
      double calls = 0;
      double polls = 0;
      Map<String, Double> byRoute = new java.util.TreeMap<>();
      for (String a : apis) {
        String metrics = send("GET", a + "/metrics", null, null);
        calls += sum(metrics, "bzzz_tracker_request_duration_seconds_count");
        polls += sum(metrics, "bzzz_tracker_polls_total");
        Matcher m = Pattern.compile("(?m)^bzzz_tracker_request_duration_seconds_count\\{method=\"([A-Z]+)\",route=\"([^\"]*)\"[^}]*\\} ([0-9.eE+-]+)$").matcher(metrics);
        while (m.find()) {
          byRoute.merge(m.group(1) + " " + m.group(2), Double.parseDouble(m.group(3)), Double::sum);
        }
      }
      System.out.printf("%s: calls by route (all agents): %s%n", mode,
          byRoute.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(10)
              .map(e -> e.getKey() + " " + Math.round(e.getValue())).toList());
      List<Double> pickups = new ArrayList<>();
      created.forEach((n, t0) -> {
        Instant c = claimed.get(n);
        if (c != null) {
          pickups.add(Duration.between(t0, c).toNanos() / 1e9);
        }
      });
      System.out.printf(
          "%s: %d/%d claimed, pickup p50 %s p95 %s max %s, %.1f tracker calls per task, %.0f polls%n",
          mode, pickups.size(), issues, fmt(pct(pickups, 50)), fmt(pct(pickups, 95)),
          fmt(pct(pickups, 100)), calls / issues, polls);
      return new Result(mode, pickups, issues, calls, polls, pickups.size());
    } finally {
      procs.forEach(Process::destroy);
      for (Process p : procs) {
        if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
    }
  }

  static double sum(String metrics, String name) {
    double total = 0;
    Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(metrics);
    while (m.find()) {
      total += Double.parseDouble(m.group(2));
    }
    return total;
  }

  /** Reads an agent's event feed on a thread of its own and notes each first claim's time. */
  static void follow(String base, Map<Long, Instant> claimed) {
    Thread.ofVirtual().start(() -> {
      try {
        HttpResponse<java.util.stream.Stream<String>> r = HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/events")).build(),
            HttpResponse.BodyHandlers.ofLines());
        r.body().forEach(line -> {
          if (line.startsWith("data:") && line.contains("\"stage\":\"claimed\"")) {
            try {
              JsonNode e = JSON.readTree(line.substring(5));
              claimed.putIfAbsent(e.get("task").get("number").asLong(), Instant.parse(e.get("time").asText()));
            } catch (Exception ignored) {
              // not an event we read
            }
          }
        });
      } catch (Exception e) {
        // the agent stopped
      }
    });
  }
}
