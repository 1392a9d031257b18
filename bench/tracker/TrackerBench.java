import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.BzzzLabels;
import io.bzzz.tracker.Claim;
import io.bzzz.tracker.NewTask;
import io.bzzz.tracker.RepoRef;
import io.bzzz.tracker.TaskQuery;
import io.bzzz.tracker.Tracker;
import io.bzzz.tracker.claim.ClaimSweep;
import io.bzzz.tracker.gitea.GiteaTracker;
import io.bzzz.tracker.http.Connection;
import io.bzzz.tracker.http.HttpPolicy;
import io.bzzz.tracker.http.Token;
import io.bzzz.tracker.local.LocalTracker;
import io.bzzz.tracker.local.LocalTrackerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The local tracker under the Gitea adapter, with its anchor measured in the same run: the raw
 * HTTP calls (JDK HttpClient, no JSON parsing) that the measured operation cannot go below.
 *
 * <ul>
 *   <li>claims/s: 8 claimers sweep TASKS open tasks (list, then claim in random order; a won claim
 *       is branch + assign + label + comment). Anchor: 8 threads racing raw {@code POST
 *       /branches} over the same number of names, i.e. the lock alone.
 *   <li>list latency: all ISSUES open issues (pages of 50) through {@code listTasks}, and the first
 *       page of candidates. Anchor: the same pages fetched raw.
 * </ul>
 */
public final class TrackerBench {
  private static final int CLAIMERS = 8;

  public static void main(String[] args) throws Exception {
    int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 400;
    int issues = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    Path dir = Files.createTempDirectory("bzzz-tracker-bench");
    try (LocalTracker local = LocalTracker.start(LocalTrackerConfig.of(dir))) {
      URI url = URI.create(local.baseUrl());
      String token = local.adminToken();
      System.out.printf("local tracker at %s, data in %s%n%n", url, dir);

      RepoRef claims = createRepo(url, token, "claims");
      seed(url, token, claims, tasks);
      double claimsPerSecond = claimSweep(url, token, claims, tasks);
      RepoRef raw = createRepo(url, token, "rawlock");
      double locksPerSecond = rawLocks(url, token, raw, tasks);
      System.out.printf("%-46s %12s %12s%n", "claims, " + CLAIMERS + " concurrent claimers", "bzzz", "raw anchor");
      System.out.printf(
          "%-46s %12.1f %12.1f%n", "  claims/s (" + tasks + " tasks; anchor: branch POST only)", claimsPerSecond, locksPerSecond);

      RepoRef big = createRepo(url, token, "big");
      long t0 = System.nanoTime();
      seed(url, token, big, issues);
      System.out.printf("%n(seeded %d issues in %.1f s)%n", issues, (System.nanoTime() - t0) / 1e9);
      try (Tracker tracker = client(url, token, big)) {
        tracker.listTasks(TaskQuery.open(issues + 1)); // warm-up
        rawPages(url, token, big, issues);
        // Interleaved, so that load from elsewhere on the machine hits both sides alike.
        double[][] full = interleaved(5, () -> check(tracker.listTasks(TaskQuery.open(issues + 1)).size(), issues), () -> rawPages(url, token, big, issues));
        double[][] first = interleaved(21, () -> check(tracker.candidates(50).size(), 50), () -> rawPages(url, token, big, 50));
        System.out.printf("%n%-46s %12s %12s%n", "list latency, " + issues + " open issues", "bzzz ms", "raw ms");
        System.out.printf("%-46s %12.1f %12.1f%n", "  all issues (" + (issues + 49) / 50 + " pages of 50)", median(full[0]), median(full[1]));
        System.out.printf("%-46s %12.1f %12.1f%n", "  first page of candidates (50)", median(first[0]), median(first[1]));
      }
    }
  }

  private static int check(int got, int want) {
    if (got != want) {
      throw new IllegalStateException("expected " + want + " got " + got);
    }
    return got;
  }

  interface Timed {
    Object run() throws Exception;
  }

  private static double[][] interleaved(int runs, Timed a, Timed b) throws Exception {
    double[][] ms = new double[2][runs];
    for (int i = 0; i < runs; i++) {
      long t = System.nanoTime();
      a.run();
      ms[0][i] = (System.nanoTime() - t) / 1e6;
      t = System.nanoTime();
      b.run();
      ms[1][i] = (System.nanoTime() - t) / 1e6;
    }
    return ms;
  }

  private static double median(double[] ms) {
    double[] sorted = ms.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static double claimSweep(URI url, String token, RepoRef repo, int tasks) throws Exception {
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Tracker> trackers = new ArrayList<>();
      for (int c = 0; c < CLAIMERS; c++) {
        trackers.add(client(url, token, repo));
      }
      long t0 = System.nanoTime();
      List<Future<List<Claim>>> results = new ArrayList<>();
      for (int c = 0; c < CLAIMERS; c++) {
        Tracker t = trackers.get(c);
        AgentIdentity me = AgentIdentity.named("agent-" + c);
        Random order = new Random(c);
        results.add(pool.submit(() -> ClaimSweep.run(t, me, Integer.MAX_VALUE, order, x -> {})));
      }
      int won = 0;
      for (Future<List<Claim>> f : results) {
        won += f.get().size();
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      trackers.forEach(Tracker::close);
      check(won, tasks);
      return tasks / seconds;
    }
  }

  private static double rawLocks(URI url, String token, RepoRef repo, int names) throws Exception {
    AtomicInteger created = new AtomicInteger();
    try (HttpClient http = HttpClient.newHttpClient();
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      long t0 = System.nanoTime();
      List<Future<?>> all = new ArrayList<>();
      for (int c = 0; c < CLAIMERS; c++) {
        List<Integer> order = new ArrayList<>();
        for (int i = 1; i <= names; i++) {
          order.add(i);
        }
        Collections.shuffle(order, new Random(c));
        all.add(
            pool.submit(
                () -> {
                  for (int n : order) {
                    String body = "{\"new_branch_name\":\"bzzz/task-" + n + "\",\"old_branch_name\":\"main\"}";
                    HttpResponse<Void> r = http.send(post(url, token, repo, "/branches", body), HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() == 201) {
                      created.incrementAndGet();
                    } else if (r.statusCode() != 409) {
                      throw new IllegalStateException("branch POST answered " + r.statusCode());
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : all) {
        f.get();
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      check(created.get(), names);
      return names / seconds;
    }
  }

  /** One client for every raw page fetch, so that the anchor keeps its connections like bzzz. */
  private static final HttpClient RAW = HttpClient.newHttpClient();

  private static int rawPages(URI url, String token, RepoRef repo, int issues) throws Exception {
    {
      HttpClient http = RAW;
      int bytes = 0;
      for (int page = 1; page <= (issues + 49) / 50; page++) {
        HttpRequest get =
            HttpRequest.newBuilder(URI.create(url + "/api/v1/repos/" + repo + "/issues?type=issues&state=open&labels=bzzz-task&limit=50&page=" + page))
                .header("Authorization", "token " + token)
                .build();
        bytes += http.send(get, HttpResponse.BodyHandlers.ofByteArray()).body().length;
      }
      return bytes;
    }
  }

  private static void seed(URI url, String token, RepoRef repo, int count) throws Exception {
    try (Tracker seeder = client(url, token, repo)) {
      seeder.ensureLabels();
    }
    AtomicInteger next = new AtomicInteger();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> all = new ArrayList<>();
      for (int c = 0; c < CLAIMERS; c++) {
        all.add(
            pool.submit(
                () -> {
                  try (Tracker t = client(url, token, repo)) {
                    for (int i = next.incrementAndGet(); i <= count; i = next.incrementAndGet()) {
                      t.createTask(new NewTask("task " + i, "benchmark task " + i, List.of(BzzzLabels.TASK)));
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : all) {
        f.get();
      }
    }
  }

  private static Tracker client(URI url, String token, RepoRef repo) {
    return GiteaTracker.connect(
        Connection.of(url, repo, Optional.of(Token.of(token)), HttpPolicy.defaults().withMinWriteInterval(Duration.ZERO)));
  }

  private static RepoRef createRepo(URI url, String token, String name) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(url + "/api/v1/user/repos"))
                  .header("Authorization", "token " + token)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\",\"auto_init\":true}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 201) {
        throw new IllegalStateException("repo creation answered " + r.statusCode() + ": " + r.body());
      }
      return new RepoRef(LocalTracker.ADMIN, name);
    }
  }

  private static HttpRequest post(URI url, String token, RepoRef repo, String path, String json) {
    return HttpRequest.newBuilder(URI.create(url + "/api/v1/repos/" + repo + path))
        .header("Authorization", "token " + token)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
  }
}
