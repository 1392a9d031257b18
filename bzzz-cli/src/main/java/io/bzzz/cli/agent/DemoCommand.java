package io.bzzz.cli.agent;

import io.bzzz.cli.common.CliFailure;
import io.bzzz.p2p.files.IoReason;
import io.bzzz.p2p.files.OwnerOnly;
import io.bzzz.tracker.BzzzLabels;
import io.bzzz.tracker.NewTask;
import io.bzzz.tracker.RepoRef;
import io.bzzz.tracker.Task;
import io.bzzz.tracker.TaskQuery;
import io.bzzz.tracker.TaskState;
import io.bzzz.tracker.Tracker;
import io.bzzz.tracker.client.TrackerKind;
import io.bzzz.tracker.http.Token;
import io.bzzz.tracker.local.LocalTracker;
import io.bzzz.tracker.local.LocalTrackerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bzzz demo}: the local tracker on loopback, a sample repository with sample tasks, and N
 * agents as separate processes that find each other, claim the tasks and do them. One progress line
 * per task change; with {@code --exit-when-done}, a summary and exit 0 once every task ended.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Run a local tracker, a sample repository and N agents on this machine.")
public final class DemoCommand implements Callable<Integer> {
  private static final String REPO = "admin/demo";

  @Spec CommandSpec spec;

  @Option(names = "--agents", paramLabel = "N", description = "Number of agents (default 3).")
  int agents = 3;

  @Option(names = "--tasks", paramLabel = "N", description = "Plain script tasks (default 4).")
  int scriptTasks = 4;

  @Option(
      names = "--headless",
      description = "Only the progress lines: no visualizer URL, no browser.")
  boolean headless;

  @Option(names = "--exit-when-done", description = "Exit 0 once every task has ended.")
  boolean exitWhenDone;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "600",
      description = "With --exit-when-done: give up (exit 1) after this long (default 600).")
  int timeoutSeconds;

  @Option(
      names = "--scenario",
      paramLabel = "default|council",
      defaultValue = "default",
      description =
          "default: sample tasks; council: a brief that a council of three roles plans and"
              + " delivers in dependency order (docs/councils.md).")
  String scenario;

  @Option(
      names = "--data-dir",
      paramLabel = "D",
      description = "Where the demo keeps its tracker and agents (default: a new temporary one).")
  Path dataDir;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (agents < 1 || agents > 16) {
      throw new CliFailure("--agents must be between 1 and 16", 2);
    }
    boolean council = scenario.equals("council");
    if (!council && !scenario.equals("default")) {
      throw new CliFailure("--scenario must be default or council", 2);
    }
    if (council && agents < DemoCouncil.ROLES.size()) {
      throw new CliFailure("--scenario council needs at least 3 agents (one per role)", 2);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (dataDir != null && Files.exists(dataDir.resolve("tracker"))) {
      // The sample repository and its tasks would clash with the previous run's.
      throw new CliFailure(
          dataDir + " holds a previous demo; remove it or choose another --data-dir", 2);
    }
    Path root;
    try {
      root =
          dataDir != null
              ? OwnerOnly.createDirectories(dataDir)
              : Files.createTempDirectory("bzzz-demo-");
    } catch (IOException e) {
      // OwnerOnly names the directory and the reason; a temporary one has no name to give
      throw new CliFailure(
          dataDir != null
              ? e.getMessage()
              : "cannot create a temporary directory: " + IoReason.of(e));
    }
    LocalTracker tracker =
        LocalTracker.start(
            LocalTrackerConfig.of(root.resolve("tracker")).withListen("127.0.0.1", 0));
    DemoAgents running = new DemoAgents();
    Thread cleanup =
        new Thread(
            () -> {
              running.close();
              tracker.close();
            },
            "demo-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    String url = tracker.baseUrl();
    String token = tracker.adminToken();
    DemoForge.createRepo(url, token, "demo");
    LocalTracker.UserToken reviewer = tracker.createUser(DemoReview.REVIEWER);
    tracker.addCollaborator(LocalTracker.ADMIN, "demo", DemoReview.REVIEWER);
    DemoReview review = new DemoReview(url, REPO, reviewer.token());
    DemoForge.createLabel(url, token, REPO, "needs:" + DemoScenario.RARE_CAPABILITY);
    DemoForge.createLabel(url, token, REPO, "needs:" + DemoScenario.IMPOSSIBLE_CAPABILITY);
    Path tokenFile = root.resolve("tracker").resolve(LocalTracker.ADMIN_TOKEN_FILE);
    try (Tracker client =
        TrackerKind.GITEA.open(
            URI.create(url), RepoRef.parse(REPO), Optional.of(Token.of(token)))) {
      client.ensureLabels();
      int brief = 0;
      if (council) {
        brief = client.createTask(DemoCouncil.brief()).number();
      } else {
        for (NewTask t : DemoScenario.tasks(scriptTasks)) {
          client.createTask(t);
        }
      }
      out.println("tracker   " + url + "  (repository " + url + "/" + REPO + ")");
      out.println("data      " + root);
      out.flush();
      String bootstrap = "";
      String visualizer = "";
      for (int i = 1; i <= agents; i++) {
        String name = "agent-" + i;
        List<String> args = new ArrayList<>();
        args.addAll(
            List.of(
                "--tracker-url",
                url,
                "--token-file",
                tokenFile.toString(),
                "--repo",
                REPO,
                "--trusted-author",
                "admin",
                "--trusted-author",
                DemoReview.REVIEWER,
                "--listen",
                "/ip4/127.0.0.1/tcp/0",
                "--no-mdns",
                "--http",
                "127.0.0.1:0",
                "--poll-interval",
                "2s",
                "--availability-interval",
                "2s",
                "--executor-timeout",
                "2m",
                "--shutdown-grace",
                "5"));
        if (council) {
          args.addAll(List.of("--capability", DemoCouncil.capability(i)));
        } else if (i == agents) {
          args.addAll(List.of("--capability", DemoScenario.RARE_CAPABILITY));
        }
        // push pickup: each agent gets its own webhook secret and hook (docs/scheduling.md)
        Path secretFile = root.resolve(name + "-webhook.secret");
        String secret = DemoForge.writeWebhookSecret(secretFile);
        args.addAll(List.of("--webhook-secret-file", secretFile.toString()));
        if (agents == 1) {
          args.add("--run-alone"); // no peer will ever come to join
        }
        if (!bootstrap.isEmpty()) {
          args.addAll(List.of("--bootstrap", bootstrap));
        }
        DemoAgents.Running a =
            running.start(name, root.resolve(name), args, root.resolve(name + ".log"));
        DemoForge.createHook(
            url,
            token,
            REPO,
            a.health().replaceFirst("/api/health$", "/api/v1/webhooks/gitea"),
            secret);
        if (bootstrap.isEmpty()) {
          bootstrap = a.multiaddr();
          visualizer = a.health().replaceFirst("/api/health$", "/");
        }
        out.println(name + "   " + a.health() + "  peer " + a.peerId());
        out.flush();
      }
      if (!headless) {
        showVisualizer(visualizer, out);
      }
      return council
          ? DemoCouncil.watch(
              client,
              brief,
              out,
              exitWhenDone,
              Duration.ofSeconds(timeoutSeconds),
              titles -> {
                // the discussions are in the agents' signed logs: stop the agents, then read them
                running.close();
                Map<String, Path> logs = new java.util.LinkedHashMap<>();
                Map<String, String> names = new HashMap<>();
                for (DemoAgents.Running a : running.agents()) {
                  logs.put(a.name(), root.resolve(a.name()).resolve("log"));
                  names.put(a.peerId(), a.name());
                }
                return DemoDiscussions.lines(logs, names, titles);
              })
          : watch(client, out, review);
    }
  }

  /**
   * Prints the Mesh Visualizer's URL so that it stands out, and opens it when there is a screen.
   */
  private static void showVisualizer(String url, PrintWriter out) {
    out.println();
    out.println("==> Mesh Visualizer: " + url + "   (the live mesh, tasks and messages)");
    out.println();
    BrowserLauncher.command(url, System.getProperty("os.name", ""), System.getenv())
        .flatMap(BrowserLauncher::start)
        .ifPresent(problem -> out.println("(" + problem + ")"));
    out.flush();
  }

  /** One line per task change; returns the exit code. */
  private int watch(Tracker client, PrintWriter out, DemoReview review)
      throws InterruptedException {
    Map<Integer, String> shown = new HashMap<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
    while (true) {
      List<Task> tasks;
      try {
        tasks =
            client.listTasks(
                new TaskQuery(TaskState.OPEN, List.of(BzzzLabels.TASK), Set.of(), 100));
        List<Task> closed =
            client.listTasks(
                new TaskQuery(TaskState.CLOSED, List.of(BzzzLabels.TASK), Set.of(), 100));
        tasks = new ArrayList<>(tasks);
        tasks.addAll(closed);
      } catch (RuntimeException e) {
        out.println("tracker not answering: " + e.getMessage());
        out.flush();
        Thread.sleep(1000); // retry pace while the tracker is unreachable
        continue;
      }
      try {
        review.step(client, out);
      } catch (RuntimeException e) {
        out.println("review step: " + e.getMessage());
      }
      int ended = 0;
      for (Task t : tasks) {
        String state = state(t);
        if (!state.equals(shown.get(t.number()))) {
          shown.put(t.number(), state);
          out.printf("task #%-3d %-28s %s%n", t.number(), t.title(), state);
          out.flush();
        }
        if (state.equals("done") || state.equals("failed")) {
          ended++;
        }
      }
      if (exitWhenDone && !tasks.isEmpty() && ended == tasks.size() && review.finished()) {
        long done = shown.values().stream().filter("done"::equals).count();
        out.printf(
            "summary: %d tasks, %d done, %d failed%n", tasks.size(), done, tasks.size() - done);
        out.flush();
        return 0;
      }
      if (exitWhenDone && System.nanoTime() > deadline) {
        out.println("summary: timed out with " + (tasks.size() - ended) + " tasks not ended");
        out.flush();
        return 1;
      }
      Thread.sleep(1000); // progress refresh period
    }
  }

  private static String state(Task t) {
    if (t.hasLabel(BzzzLabels.DONE)) {
      return "done";
    }
    if (t.hasLabel(BzzzLabels.FAILED)) {
      return "failed";
    }
    if (t.hasLabel(BzzzLabels.CLAIMED)) {
      return "claimed";
    }
    return "open";
  }
}
