package io.bzzz.tracker.race;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.testing.ChildProcess;
import io.bzzz.testing.RepoRoot;
import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.Claim;
import io.bzzz.tracker.RepoRef;
import io.bzzz.tracker.Tracker;
import io.bzzz.tracker.claim.ClaimMarker;
import io.bzzz.tracker.claim.ClaimSweep;
import io.bzzz.tracker.fake.Connections;
import io.bzzz.tracker.fake.FakeGitHub;
import io.bzzz.tracker.fake.FakeGitea;
import io.bzzz.tracker.fake.FakeServer;
import io.bzzz.tracker.fake.ForgeModel;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * 8 claimers over 50 tasks: every task is claimed exactly once. Threads: 20 repetitions per fake.
 * Separate processes: 1 repetition per fake, because each starts 8 JVMs (tens of seconds on a
 * loaded 2-core machine); the thread runs carry the repetitions.
 */
class ClaimRaceTest {
  private static final int CLAIMERS = 8;
  private static final int TASKS = 50;
  private static final RepoRef REPO = new RepoRef("acme", "race");
  private static final Pattern WON =
      Pattern.compile("\\{\"number\":(\\d+),\"branch\":\"([^\"]+)\",\"attempt\":(\\d+)}");

  @ParameterizedTest
  @ValueSource(strings = {"github", "gitea"})
  void threadsClaimEachTaskExactlyOnce(String kind) throws Exception {
    for (int round = 0; round < 20; round++) {
      ForgeModel model = seeded();
      try (FakeServer server = fake(kind, model);
          ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<Claim>>> results = new ArrayList<>();
        for (int c = 0; c < CLAIMERS; c++) {
          String agent = "agent-" + c;
          int seed = round * 100 + c;
          results.add(
              pool.submit(
                  () -> {
                    try (Tracker tracker =
                        ClaimerMain.open(kind, Connections.unpaced(server.url(), REPO, "tok"))) {
                      go.await();
                      return ClaimSweep.run(
                          tracker,
                          AgentIdentity.named(agent),
                          Integer.MAX_VALUE,
                          new Random(seed),
                          c2 -> {});
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
        assertExactlyOnce(model, winners);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"github", "gitea"})
  void processesClaimEachTaskExactlyOnce(String kind) {
    for (int round = 0; round < 1; round++) {
      ForgeModel model = seeded();
      try (FakeServer server = fake(kind, model)) {
        List<ChildProcess> claimers = new ArrayList<>();
        try {
          for (int c = 0; c < CLAIMERS; c++) {
            claimers.add(claimer(kind, server, "agent-" + c));
          }
          claimers.forEach(p -> p.awaitLineStartingWith("ready", Duration.ofSeconds(60)));
          claimers.forEach(p -> p.writeLine("go"));
          Map<Integer, String> winners = new HashMap<>();
          for (int c = 0; c < CLAIMERS; c++) {
            ChildProcess p = claimers.get(c);
            p.awaitLineStartingWith("done", Duration.ofSeconds(120));
            assertThat(p.awaitExit(Duration.ofSeconds(30))).as(p.describe()).isZero();
            for (String line : p.stdoutLines()) {
              Matcher m = WON.matcher(line);
              if (m.matches()) {
                String previous = winners.put(Integer.parseInt(m.group(1)), "agent-" + c);
                assertThat(previous).as("task %s won twice", m.group(1)).isNull();
                assertThat(m.group(2)).isEqualTo("bzzz/task-" + m.group(1));
              }
            }
          }
          assertExactlyOnce(model, winners);
        } finally {
          claimers.forEach(ChildProcess::close);
        }
      }
    }
  }

  private static void assertExactlyOnce(ForgeModel model, Map<Integer, String> winners) {
    assertThat(winners.keySet()).hasSize(TASKS);
    for (ForgeModel.Issue issue : model.issues()) {
      List<String> markers =
          issue.comments.stream()
              .filter(c -> c.body().contains("bzzz-claim"))
              .map(c -> c.body())
              .toList();
      assertThat(markers).as("claim comments on #%d", issue.number).hasSize(1);
      List<io.bzzz.tracker.Comment> comments =
          issue.comments.stream()
              .map(c -> new io.bzzz.tracker.Comment(c.id(), c.author(), c.body()))
              .toList();
      assertThat(ClaimMarker.owner(comments, issue.number, 1))
          .hasValueSatisfying(o -> assertThat(o.name()).isEqualTo(winners.get(issue.number)));
      assertThat(issue.labels).contains("bzzz-claimed");
    }
    assertThat(model.branchNames()).hasSize(TASKS + 1);
  }

  private static ForgeModel seeded() {
    ForgeModel model = new ForgeModel("acme", "race", "bot");
    model.label("bzzz-claimed");
    for (int i = 1; i <= TASKS; i++) {
      model.addIssue("task " + i, "", List.of("bzzz-task"));
    }
    return model;
  }

  private static FakeServer fake(String kind, ForgeModel model) {
    return kind.equals("github") ? new FakeGitHub(model, "tok") : new FakeGitea(model, "tok");
  }

  private static ChildProcess claimer(String kind, FakeServer server, String agent) {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return ChildProcess.start(
        agent,
        RepoRoot.path(),
        Map.of(),
        List.of(
            java.toString(),
            "-XX:TieredStopAtLevel=1",
            "-Xshare:auto",
            "-cp",
            System.getProperty("java.class.path"),
            ClaimerMain.class.getName(),
            kind,
            server.url().toString(),
            "tok",
            REPO.toString(),
            agent));
  }
}
