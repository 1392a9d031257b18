package io.bzzz.tracker.race;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.testing.ChildProcess;
import io.bzzz.testing.RepoRoot;
import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.BzzzLabels;
import io.bzzz.tracker.Claim;
import io.bzzz.tracker.NewTask;
import io.bzzz.tracker.RepoRef;
import io.bzzz.tracker.Task;
import io.bzzz.tracker.TaskQuery;
import io.bzzz.tracker.Tracker;
import io.bzzz.tracker.claim.ClaimMarker;
import io.bzzz.tracker.claim.ClaimSweep;
import io.bzzz.tracker.fake.Connections;
import io.bzzz.tracker.fake.FakeGitHub;
import io.bzzz.tracker.fake.FakeGitea;
import io.bzzz.tracker.fake.ForgeModel;
import io.bzzz.tracker.support.LocalTrackerHarness;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * 8 claimers over 50 tasks, on the local tracker and on the GitHub and Gitea fakes: every task is
 * claimed exactly once, with one claim comment naming the winner. {@link #REPETITIONS} rounds per
 * tracker, both with threads and with separate processes; the same 8 claimer JVMs go through all
 * the process rounds in turn, because starting JVMs is what costs time on a 2-core machine.
 */
class ClaimRaceTest {
  private static final int CLAIMERS = 8;
  private static final int TASKS = 50;

  /**
   * Rounds per tracker and mode: 20 in the build; {@code -Dbzzz.race.repetitions=N} for a longer
   * run.
   */
  private static final int REPETITIONS = Integer.getInteger("bzzz.race.repetitions", 20);

  private static final String TOKEN = "race-token";
  private static final Pattern WON =
      Pattern.compile("\\{\"number\":(\\d+),\"branch\":\"([^\"]+)\",\"attempt\":(\\d+)}");
  private static final AtomicInteger REPOS = new AtomicInteger();

  @TempDir static Path dir;
  static LocalTrackerHarness local;

  @BeforeAll
  static void startLocal() {
    local = LocalTrackerHarness.start(dir);
  }

  @AfterAll
  static void stopLocal() {
    local.close();
  }

  /** A repository with 50 open tasks on one of the three trackers. */
  private record Arena(String client, URI url, RepoRef repo, String token, AutoCloseable server)
      implements AutoCloseable {
    Tracker open() {
      return ClaimerMain.open(client, Connections.unpaced(url, repo, token));
    }

    @Override
    public void close() throws Exception {
      server.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"local", "github", "gitea"})
  void threadsClaimEachTaskExactlyOnce(String kind) throws Exception {
    for (int round = 0; round < REPETITIONS; round++) {
      try (Arena arena = arena(kind);
          ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<Claim>>> results = new ArrayList<>();
        for (int c = 0; c < CLAIMERS; c++) {
          String agent = "agent-" + c;
          int seed = round * 100 + c;
          results.add(
              pool.submit(
                  () -> {
                    try (Tracker tracker = arena.open()) {
                      go.await();
                      return ClaimSweep.run(
                          tracker,
                          AgentIdentity.named(agent),
                          Integer.MAX_VALUE,
                          new Random(seed),
                          won -> {});
                    }
                  }));
        }
        go.countDown();
        Map<Integer, String> winners = new HashMap<>();
        for (int c = 0; c < CLAIMERS; c++) {
          for (Claim claim : results.get(c).get()) {
            String previous = winners.put(claim.number(), "agent-" + c);
            assertThat(previous).as("task %d won twice", claim.number()).isNull();
          }
        }
        assertExactlyOnce(arena, winners);
      }
    }
  }

  @Test
  void processesClaimEachTaskExactlyOnce() throws Exception {
    List<Arena> arenas = new ArrayList<>();
    List<ChildProcess> claimers = new ArrayList<>();
    try {
      for (int rep = 0; rep < REPETITIONS; rep++) {
        for (String kind : List.of("local", "github", "gitea")) {
          arenas.add(arena(kind));
        }
      }
      for (int c = 0; c < CLAIMERS; c++) {
        claimers.add(claimer(arenas, "agent-" + c));
      }
      for (Arena arena : arenas) {
        claimers.forEach(p -> p.awaitLineStartingWith("ready", Duration.ofSeconds(90)));
        claimers.forEach(p -> p.writeLine("go"));
        Map<Integer, String> winners = new HashMap<>();
        for (int c = 0; c < CLAIMERS; c++) {
          ChildProcess p = claimers.get(c);
          while (true) {
            String line = p.awaitLine(l -> true, Duration.ofMinutes(2));
            if (line.equals("done")) {
              break;
            }
            Matcher m = WON.matcher(line);
            assertThat(m.matches()).as("claimer output: %s", line).isTrue();
            String previous = winners.put(Integer.parseInt(m.group(1)), "agent-" + c);
            assertThat(previous).as("task %s won twice", m.group(1)).isNull();
            assertThat(m.group(2)).isEqualTo("bzzz/task-" + m.group(1));
          }
        }
        assertExactlyOnce(arena, winners);
      }
      for (ChildProcess p : claimers) {
        assertThat(p.awaitExit(Duration.ofSeconds(30))).as(p.describe()).isZero();
      }
    } finally {
      claimers.forEach(ChildProcess::close);
      for (Arena arena : arenas) {
        arena.close();
      }
    }
  }

  /** Checked through the tracker's own API, the same way for all three. */
  private static void assertExactlyOnce(Arena arena, Map<Integer, String> winners) {
    assertThat(winners.keySet()).hasSize(TASKS);
    try (Tracker tracker = arena.open()) {
      List<Task> claimed = tracker.listTasks(TaskQuery.claimed(1000));
      assertThat(claimed).hasSize(TASKS);
      assertThat(tracker.candidates(1000)).isEmpty();
      for (Task task : claimed) {
        var comments = tracker.comments(task.number());
        assertThat(comments.stream().filter(c -> c.body().contains("bzzz-claim")))
            .as("claim comments on #%d", task.number())
            .hasSize(1);
        assertThat(ClaimMarker.owner(comments, task.number(), 1))
            .hasValueSatisfying(o -> assertThat(o.name()).isEqualTo(winners.get(task.number())));
        // Exactly one branch: attempt 1, no later attempt.
        assertThat(tracker.currentClaim(task.number()))
            .hasValueSatisfying(c -> assertThat(c.attempt()).isEqualTo(1));
      }
    }
  }

  private static Arena arena(String kind) {
    return switch (kind) {
      case "local" -> {
        RepoRef repo = local.createRepo("race" + REPOS.incrementAndGet());
        try (Tracker seed =
            ClaimerMain.open("gitea", Connections.unpaced(local.url(), repo, local.token()))) {
          seed.ensureLabels();
          for (int i = 1; i <= TASKS; i++) {
            seed.createTask(new NewTask("task " + i, "", List.of(BzzzLabels.TASK)));
          }
        }
        yield new Arena("gitea", local.url(), repo, local.token(), () -> {});
      }
      case "github", "gitea" -> {
        ForgeModel model = new ForgeModel("acme", "race", "bot");
        model.label(BzzzLabels.CLAIMED);
        for (int i = 1; i <= TASKS; i++) {
          model.addIssue("task " + i, "", List.of(BzzzLabels.TASK));
        }
        AutoCloseable server =
            kind.equals("github") ? new FakeGitHub(model, TOKEN) : new FakeGitea(model, TOKEN);
        URI url = server instanceof FakeGitHub g ? g.url() : ((FakeGitea) server).url();
        yield new Arena(kind, url, new RepoRef("acme", "race"), TOKEN, server);
      }
      default -> throw new IllegalArgumentException(kind);
    };
  }

  private static ChildProcess claimer(List<Arena> arenas, String agent) {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                java.toString(),
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto",
                "-cp",
                System.getProperty("java.class.path"),
                ClaimerMain.class.getName(),
                agent));
    for (Arena arena : arenas) {
      cmd.addAll(
          List.of(arena.client(), arena.url().toString(), arena.token(), arena.repo().toString()));
    }
    return ChildProcess.start(agent, RepoRoot.path(), Map.of(), cmd);
  }
}
