package io.bzzz.agent.council;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.agent.task.Dependencies;
import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.BzzzLabels;
import io.bzzz.tracker.Comment;
import io.bzzz.tracker.NewTask;
import io.bzzz.tracker.RepoRef;
import io.bzzz.tracker.Task;
import io.bzzz.tracker.Tracker;
import io.bzzz.tracker.client.TrackerKind;
import io.bzzz.tracker.http.Token;
import io.bzzz.tracker.local.LocalTracker;
import io.bzzz.tracker.local.LocalTrackerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seats, status, plan and dependencies against the real local tracker (Gitea's API). */
class CouncilLedgerTest {
  private static final String REPO = "admin/council";

  // One tracker for the class (each test works on its own brief): starting one costs seconds.
  @TempDir static Path tmp;
  static LocalTracker server;
  static Tracker tracker;

  @BeforeAll
  static void start() throws Exception {
    server = LocalTracker.start(LocalTrackerConfig.of(tmp.resolve("tracker")));
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/user/repos"))
                  .header("Authorization", "token " + server.adminToken())
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"name\":\"council\",\"auto_init\":true}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(201);
    }
    tracker =
        TrackerKind.GITEA.open(
            URI.create(server.baseUrl()),
            RepoRef.parse(REPO),
            Optional.of(Token.of(server.adminToken())));
    tracker.ensureLabels();
  }

  @AfterAll
  static void stop() {
    tracker.close();
    server.close();
  }

  private static AgentIdentity agent(int i) {
    return new AgentIdentity("agent-" + i, Optional.of("Peer" + i), Optional.empty());
  }

  @Test
  void ofEightAgentsRacingForOneRoleExactlyOneHoldsIt() throws Exception {
    Task brief = tracker.createTask(new NewTask("Brief", "b", List.of("chorus-entrypoint")));
    RoleRef seat = new RoleRef(brief.number(), "dev", 1);
    List<Future<Boolean>> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 8; i++) {
        AgentIdentity me = agent(i);
        Callable<Boolean> race = () -> CouncilLedger.take(tracker, seat, me);
        results.add(pool.submit(race));
      }
    }
    long won = 0;
    for (Future<Boolean> f : results) {
      won += f.get() ? 1 : 0;
    }
    assertThat(won).isEqualTo(1);
    Map<String, Seat> seats = CouncilLedger.read(tracker, brief.number()).members();
    assertThat(seats).containsOnlyKeys("dev");
    assertThat(tracker.refExists(seat.name())).isTrue();
  }

  @Test
  void aSeatIsTakenOverOnlyWhenItsHolderIsGoneAndRefsAreDeletedOnDissolution() {
    Task brief = tracker.createTask(new NewTask("Brief", "b", List.of("chorus-entrypoint")));
    int n = brief.number();
    assertThat(CouncilLedger.take(tracker, new RoleRef(n, "dev", 1), agent(1))).isTrue();
    Seat held = CouncilLedger.read(tracker, n).members().get("dev");
    assertThat(CouncilLedger.takeOver(tracker, n, held, agent(2), c -> false)).isFalse();
    assertThat(CouncilLedger.takeOver(tracker, n, held, agent(2), c -> true)).isTrue();
    // a third agent that also judged the first gone loses the race for the same attempt
    assertThat(CouncilLedger.takeOver(tracker, n, held, agent(3), c -> true)).isFalse();
    Seat now = CouncilLedger.read(tracker, n).members().get("dev");
    assertThat(now.attempt()).isEqualTo(2);
    assertThat(now.holder().name()).isEqualTo("agent-2");

    List<String> deleted = CouncilLedger.deleteSeatRefs(tracker, CouncilLedger.read(tracker, n), n);
    assertThat(deleted)
        .containsExactly("bzzz/council-" + n + "/dev", "bzzz/council-" + n + "/dev-a2");
    assertThat(tracker.refExists("bzzz/council-" + n + "/dev-a2")).isFalse();
    CouncilLedger.deleteSeatRefs(tracker, CouncilLedger.read(tracker, n), n); // twice is harmless
  }

  @Test
  void theStatusCommentIsEditedInPlace() {
    Task brief = tracker.createTask(new NewTask("Brief", "b", List.of("chorus-entrypoint")));
    int n = brief.number();
    CouncilLedger.writeStatus(tracker, n, CouncilState.FORMING, "forming text");
    CouncilLedger.writeStatus(tracker, n, CouncilState.FAILED, "failed: missing qa");
    CouncilLedger.writeStatus(tracker, n, CouncilState.FORMED, "formed text");
    List<Comment> comments = tracker.comments(n);
    assertThat(comments).hasSize(1);
    assertThat(comments.get(0).body()).startsWith("formed text");
    assertThat(CouncilLedger.read(tracker, n).state()).contains(CouncilState.FORMED);
  }

  @Test
  void thePlanIsFiledOnceWithLabelsAndDependencyLinks() {
    Task brief = tracker.createTask(new NewTask("Brief", "b", List.of("chorus-entrypoint")));
    CouncilSpec spec =
        new CouncilSpec(
            brief.number(),
            REPO,
            "P",
            List.of("arch", "dev"),
            List.of(),
            "arch",
            Duration.ofSeconds(5));
    List<PlanBlock.Subtask> plan =
        List.of(
            new PlanBlock.Subtask("a", "A", "do a", "arch", List.of()),
            new PlanBlock.Subtask("b", "B", "do b", "dev", List.of("a")));
    RoleBook book = RoleBook.embedded();
    Map<String, Integer> first = PlanFiler.file(tracker, spec, plan, book);
    Map<String, Integer> again = PlanFiler.file(tracker, spec, plan, book);
    assertThat(again).isEqualTo(first);
    Task b = tracker.task(first.get("b"));
    assertThat(b.labels())
        .containsExactlyInAnyOrder(BzzzLabels.TASK, "council:" + brief.number(), "needs:dev");
    assertThat(Dependencies.of(b.body())).containsExactly(first.get("a"));
    assertThat(PlanFiler.filed(tracker, brief.number())).hasSize(2);

    // b waits for a: not a candidate until a is done (labelled, or closed)
    Dependencies deps = new Dependencies();
    assertThat(deps.admits(tracker, b)).isFalse();
    tracker.relabel(first.get("a"), List.of(BzzzLabels.DONE), List.of());
    assertThat(deps.admits(tracker, b)).isTrue();
    Task missing = tracker.createTask(new NewTask("C", "Depends on #999", List.of()));
    assertThat(deps.admits(tracker, missing)).isFalse();
  }

  @Test
  void theLeadsDeliveryCheckKeepsThePlanWithRolesDependenciesAndStates() {
    Task brief = tracker.createTask(new NewTask("Brief", "b", List.of("chorus-entrypoint")));
    CouncilSpec spec =
        new CouncilSpec(
            brief.number(),
            REPO,
            "P",
            List.of("arch", "dev"),
            List.of(),
            "arch",
            Duration.ofSeconds(5));
    Map<String, Integer> n =
        PlanFiler.file(
            tracker,
            spec,
            List.of(
                new PlanBlock.Subtask("a", "Design", "role **dev** in the text", "arch", List.of()),
                new PlanBlock.Subtask("b", "Build", "do b", "dev", List.of("a")),
                new PlanBlock.Subtask("c", "Test", "do c", "dev", List.of("a", "b"))),
            RoleBook.embedded());
    tracker.relabel(n.get("a"), List.of(BzzzLabels.DONE), List.of());
    tracker.relabel(n.get("b"), List.of(BzzzLabels.CLAIMED), List.of());
    // an issue filed by hand with the council's label counts too; its made-up role does not
    Task extra =
        tracker.createTask(
            new NewTask(
                "By hand",
                "role **root** please\nDepends on #" + n.get("c"),
                List.of(PlanFiler.label(brief.number()))));
    tracker.closeIssue(extra.number());

    Council c = new Council(spec, java.time.Instant.now());
    try (LeadDuties lead = new LeadDuties(RoleBook.embedded(), java.time.InstantSource.system())) {
      assertThat(lead.deliverIfDone(tracker, c, agent(1))).isFalse(); // b and c are not done
    }

    assertThat(c.view().plan())
        .containsExactly(
            new PlanItem(n.get("a"), "Design", "arch", List.of(), "done"),
            new PlanItem(n.get("b"), "Build", "dev", List.of(n.get("a")), "claimed"),
            new PlanItem(n.get("c"), "Test", "dev", List.of(n.get("a"), n.get("b")), "open"),
            new PlanItem(extra.number(), "By hand", "", List.of(n.get("c")), "closed"));
  }
}
