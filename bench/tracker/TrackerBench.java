import io.bzzz.tracker.local.LocalTracker;
import io.bzzz.tracker.local.LocalTrackerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Local tracker benchmark: claims per second with 8 concurrent claimers, and issue list latency
 * with 10,000 issues. Each figure is printed beside an anchor measured in the same run on the same
 * machine: the HTTP floor (GET /api/v1/version through the same server and client) and the
 * storage floor (a one-row SQLite transaction with the tracker's pragmas, WAL + synchronous=FULL).
 *
 * <p>Run with bench/tracker/run.sh [ISSUES] [CLAIM_TASKS].
 */
public final class TrackerBench {
  static final HttpClient HTTP = HttpClient.newHttpClient();

  record Reply(int status, String body) {}

  static Reply send(String method, String url, String token, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(60))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "token " + token);
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), r.body());
  }

  static void expect(Reply r, int status) {
    if (r.status() != status) {
      throw new IllegalStateException("expected " + status + ", got " + r.status() + " " + r.body());
    }
  }

  public static void main(String[] args) throws Exception {
    int listIssues = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int claimTasks = args.length > 1 ? Integer.parseInt(args[1]) : 400;
    int claimers = 8;
    Path dir = Files.createTempDirectory("bzzz-tracker-bench");
    System.out.printf(
        "local tracker benchmark: %d claimers over %d tasks; list with %d issues; cores=%d%n",
        claimers, claimTasks, listIssues, Runtime.getRuntime().availableProcessors());
    try (LocalTracker tracker = LocalTracker.start(LocalTrackerConfig.of(dir.resolve("data")))) {
      String api = tracker.baseUrl() + "/api/v1";
      String admin = tracker.adminToken();
      expect(send("POST", api + "/user/repos", admin, "{\"name\":\"claims\",\"auto_init\":true}"), 201);
      expect(send("POST", api + "/user/repos", admin, "{\"name\":\"list\",\"auto_init\":true}"), 201);
      List<String> tokens = new ArrayList<>();
      for (int i = 0; i < claimers; i++) {
        LocalTracker.UserToken u = tracker.createUser("claimer" + i);
        tracker.addCollaborator("admin", "claims", u.login());
        tokens.add(u.token());
      }
      warmUp(api, admin);

      double httpFloor = throughput(claimers, 2_000, i -> expect(send("GET", api + "/version", null, null), 200));
      double sqlFloor = sqliteCommitsPerSecond(dir.resolve("anchor.db"), 500);

      // Claims: every claimer walks all tasks from its own offset, creating bzzz/task-<n>.
      AtomicInteger won = new AtomicInteger();
      AtomicInteger attempts = new AtomicInteger();
      ConcurrentHashMap<Integer, Integer> owners = new ConcurrentHashMap<>();
      Set<Integer> seenClaimed = ConcurrentHashMap.newKeySet();
      long start = System.nanoTime();
      try (ExecutorService pool = Executors.newFixedThreadPool(claimers)) {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < claimers; c++) {
          int me = c;
          done.add(
              pool.submit(
                  () -> {
                    go.await();
                    for (int k = 0; k < claimTasks; k++) {
                      int task = 1 + (k + me * claimTasks / claimers) % claimTasks;
                      if (seenClaimed.contains(task)) {
                        continue; // a claimer skips tasks it has seen claimed, as agents do
                      }
                      attempts.incrementAndGet();
                      Reply r =
                          send(
                              "POST",
                              api + "/repos/admin/claims/branches",
                              tokens.get(me),
                              "{\"new_branch_name\":\"bzzz/task-" + task + "\"}");
                      if (r.status() == 201) {
                        won.incrementAndGet();
                        if (owners.putIfAbsent(task, me) != null) {
                          throw new IllegalStateException("task " + task + " claimed twice");
                        }
                        seenClaimed.add(task);
                      } else if (r.status() == 409) {
                        seenClaimed.add(task);
                      } else {
                        throw new IllegalStateException("claim answered " + r.status());
                      }
                    }
                    return null;
                  }));
        }
        go.countDown();
        for (Future<?> f : done) {
          f.get();
        }
      }
      double claimSeconds = (System.nanoTime() - start) / 1e9;
      if (won.get() != claimTasks) {
        throw new IllegalStateException("won " + won.get() + " of " + claimTasks + " tasks");
      }

      // List latency with many issues.
      String label =
          send("POST", api + "/repos/admin/list/labels", admin, "{\"name\":\"bzzz-task\",\"color\":\"#00aabb\"}")
              .body();
      long labelId = Long.parseLong(label.replaceAll(".*\"id\":(\\d+).*", "$1"));
      long fill = System.nanoTime();
      throughput(
          claimers,
          listIssues,
          i ->
              expect(
                  send(
                      "POST",
                      api + "/repos/admin/list/issues",
                      admin,
                      "{\"title\":\"task " + i + "\",\"labels\":[" + labelId + "]}"),
                  201));
      double fillSeconds = (System.nanoTime() - fill) / 1e9;
      long[] first = latencies(200, () -> expect(send("GET", api + "/repos/admin/list/issues?state=open&labels=bzzz-task&type=issues&limit=50&page=1", admin, null), 200));
      long[] deep = latencies(200, () -> expect(send("GET", api + "/repos/admin/list/issues?state=open&labels=bzzz-task&type=issues&limit=50&page=" + (listIssues / 50), admin, null), 200));
      long[] version = latencies(200, () -> expect(send("GET", api + "/version", null, null), 200));

      System.out.println();
      System.out.println("| measure | bzzz local tracker | anchor (same run) |");
      System.out.println("|---|---|---|");
      System.out.printf(
          "| claims/s, %d claimers, %d tasks (each won exactly once) | %.0f claims/s (%d attempts, %.0f attempts/s) | HTTP floor GET /version: %.0f req/s; SQLite commit floor (WAL, FULL): %.0f tx/s |%n",
          claimers, claimTasks, claimTasks / claimSeconds, attempts.get(), attempts.get() / claimSeconds, httpFloor, sqlFloor);
      System.out.printf(
          "| issue creation, %d clients | %.0f issues/s | SQLite commit floor: %.0f tx/s |%n",
          claimers, listIssues / fillSeconds, sqlFloor);
      System.out.printf(
          "| list 50 of %d issues, first page (p50 / p95 / p99) | %s | GET /version: %s |%n",
          listIssues, pct(first), pct(version));
      System.out.printf(
          "| list 50 of %d issues, last page (p50 / p95 / p99) | %s | GET /version: %s |%n",
          listIssues, pct(deep), pct(version));
    } finally {
      deleteTree(dir);
    }
  }

  interface Op {
    void run(int i) throws Exception;
  }

  interface Call {
    void run() throws Exception;
  }

  static void warmUp(String api, String admin) throws Exception {
    for (int i = 0; i < 300; i++) {
      expect(send("GET", api + "/version", null, null), 200);
      expect(send("GET", api + "/repos/admin/claims/issues", admin, null), 200);
    }
  }

  /** Runs {@code total} operations on {@code threads} threads and returns operations per second. */
  static double throughput(int threads, int total, Op op) throws Exception {
    AtomicInteger next = new AtomicInteger();
    long start = System.nanoTime();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(
            pool.submit(
                () -> {
                  for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                    op.run(i);
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }
    return total / ((System.nanoTime() - start) / 1e9);
  }

  static long[] latencies(int n, Call call) throws Exception {
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      long t = System.nanoTime();
      call.run();
      out[i] = System.nanoTime() - t;
    }
    Arrays.sort(out);
    return out;
  }

  static String pct(long[] sorted) {
    return String.format(
        "%.2f / %.2f / %.2f ms",
        sorted[sorted.length / 2] / 1e6,
        sorted[(int) (sorted.length * 0.95)] / 1e6,
        sorted[(int) (sorted.length * 0.99)] / 1e6);
  }

  static double sqliteCommitsPerSecond(Path file, int n) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=FULL");
        s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (v) VALUES (?)")) {
        for (int i = 0; i < n; i++) { // warm-up: grow the WAL file first, as a running tracker has
          ps.setString(1, "warm " + i);
          ps.executeUpdate();
        }
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
          ps.setString(1, "row " + i);
          ps.executeUpdate();
        }
        return n / ((System.nanoTime() - start) / 1e9);
      }
    }
  }

  static void deleteTree(Path dir) throws Exception {
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
