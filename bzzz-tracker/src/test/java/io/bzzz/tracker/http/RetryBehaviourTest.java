package io.bzzz.tracker.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bzzz.tracker.Comment;
import io.bzzz.tracker.RepoRef;
import io.bzzz.tracker.TrackerException;
import io.bzzz.tracker.fake.Connections;
import io.bzzz.tracker.fake.FakeGitHub;
import io.bzzz.tracker.fake.FakeServer.Reply;
import io.bzzz.tracker.fake.ForgeModel;
import io.bzzz.tracker.fake.TestClock;
import io.bzzz.tracker.github.GitHubTracker;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retries follow the rate-limit headers, give up with a clear error, and post nothing twice. */
class RetryBehaviourTest {
  private static final RepoRef REPO = new RepoRef("acme", "widgets");
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private static final String ISSUES = "/repos/acme/widgets/issues";
  private static final String COMMENTS = "/repos/acme/widgets/issues/1/comments";

  private ForgeModel model;
  private FakeGitHub github;
  private TestClock clock;
  private GitHubTracker tracker;

  @BeforeEach
  void start() {
    model = new ForgeModel("acme", "widgets", "bot");
    model.addIssue("t", "", List.of("bzzz-task"));
    github = new FakeGitHub(model, "tok-123456");
    clock = new TestClock(NOW);
    tracker = GitHubTracker.connect(Connections.fake(github.url(), REPO, "tok-123456", clock));
  }

  @AfterEach
  void stop() {
    tracker.close();
    github.close();
  }

  @Test
  void secondaryRateLimitWaitsAMinuteThenExponentiallyLonger() {
    github.fail("GET", ISSUES, 2, FakeGitHub.secondaryLimit());

    assertThat(tracker.candidates(10)).hasSize(1);

    assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(60), Duration.ofSeconds(120));
    assertThat(github.count("GET", ISSUES)).isEqualTo(3);
  }

  @Test
  void retryAfterIsObeyedOn403And429() {
    github.fail("GET", ISSUES, 1, FakeGitHub.secondaryLimit().with("retry-after", "7"));
    github.fail("GET", ISSUES, 1, Reply.message(429, "Too Many Requests").with("Retry-After", "3"));

    assertThat(tracker.candidates(10)).hasSize(1);

    assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(3));
  }

  @Test
  void rateLimitsAreToldToTheObserverWithTheirWaitAndForbiddenIsNot() {
    List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
    CallObserver observer =
        new CallObserver() {
          @Override
          public void exchanged(
              String method, String route, java.util.OptionalInt status, Duration elapsed) {}

          @Override
          public void rateLimited(String method, String route, Duration wait) {
            told.add(method + " " + wait.toSeconds());
          }
        };
    tracker.close();
    tracker =
        GitHubTracker.connect(
            Connections.fake(github.url(), REPO, "tok-123456", clock).withCalls(observer));
    github.fail("GET", ISSUES, 1, Reply.message(429, "Too Many Requests").with("Retry-After", "3"));
    assertThat(tracker.candidates(10)).hasSize(1);
    // a reset an hour away: given up at once, told with no wait
    github.fail("GET", ISSUES, 1, FakeGitHub.primaryLimit(NOW.getEpochSecond() + 3600));
    assertThatThrownBy(() -> tracker.candidates(10))
        .isInstanceOf(TrackerException.RateLimited.class);
    github.fail("GET", ISSUES, 1, Reply.message(403, "Resource not accessible by integration"));
    assertThatThrownBy(() -> tracker.candidates(10))
        .isInstanceOf(TrackerException.Unauthorized.class);

    assertThat(told).containsExactly("GET 3", "GET 0");
  }

  @Test
  void primaryLimitWaitsUntilTheResetTime() {
    github.fail("GET", ISSUES, 1, FakeGitHub.primaryLimit(NOW.getEpochSecond() + 30));

    assertThat(tracker.candidates(10)).hasSize(1);

    assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(31));
  }

  @Test
  void aResetTooFarAwayFailsAtOnceSayingWhen() {
    github.fail("GET", ISSUES, 1, FakeGitHub.primaryLimit(NOW.getEpochSecond() + 3600));

    assertThatThrownBy(() -> tracker.candidates(10))
        .isInstanceOfSatisfying(
            TrackerException.RateLimited.class,
            e -> assertThat(e.retryAt()).isEqualTo(NOW.plusSeconds(3601)))
        .hasMessageContaining("rate limited");
    assertThat(clock.sleeps()).isEmpty();
  }

  @Test
  void serverErrorsBackOffExponentiallyThenGiveUpWithTheStatus() {
    github.fail("GET", ISSUES, 2, Reply.message(502, "Bad Gateway"));
    assertThat(tracker.candidates(10)).hasSize(1);
    List<Duration> waits = clock.sleeps();
    assertThat(waits).hasSize(2);
    assertThat(waits.get(0)).isBetween(Duration.ofMillis(750), Duration.ofSeconds(1));
    assertThat(waits.get(1)).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(2));

    github.fail("GET", ISSUES, 5, Reply.message(503, "Service Unavailable"));
    assertThatThrownBy(() -> tracker.candidates(10))
        .isInstanceOfSatisfying(
            TrackerException.ServerError.class, e -> assertThat(e.status()).isEqualTo(503))
        .hasMessageContaining("after 5 tries");
  }

  @Test
  void forbiddenWithoutRateLimitIsNotRetried() {
    github.fail("GET", ISSUES, 1, Reply.message(403, "Resource not accessible by integration"));

    assertThatThrownBy(() -> tracker.candidates(10))
        .isInstanceOf(TrackerException.Unauthorized.class)
        .hasMessageContaining("Resource not accessible");
    assertThat(github.count("GET", ISSUES)).isEqualTo(1);
  }

  @Test
  void aCommentWhoseAnswerWasA5xxIsFoundByItsMarkerAndNotPostedAgain() {
    github.failAfterEffect("POST", COMMENTS, Reply.message(502, "Bad Gateway"));

    Comment posted = tracker.comment(1, "hello");

    assertThat(model.issue(1).orElseThrow().comments).hasSize(1);
    assertThat(posted.body()).startsWith("hello").contains("bzzz-comment");
    assertThat(github.count("POST", COMMENTS)).isEqualTo(1);
  }

  @Test
  void aCommentWhoseConnectionWasCutIsNotPostedAgain() {
    github.dropAfterEffect("POST", COMMENTS);

    tracker.comment(1, "hello");

    assertThat(model.issue(1).orElseThrow().comments).hasSize(1);
  }

  @Test
  void aCommentThatFailedBeforeTakingEffectIsRetried() {
    github.fail("POST", COMMENTS, 1, Reply.message(500, "Internal Server Error"));

    tracker.comment(1, "hello");

    assertThat(model.issue(1).orElseThrow().comments).hasSize(1);
    assertThat(github.count("POST", COMMENTS)).isEqualTo(2);
  }

  @Test
  void writesWithOneTokenAreASecondApart() {
    tracker.comment(1, "one");
    tracker.comment(1, "two");
    tracker.comment(1, "three");

    assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
  }

  @Test
  void anUnreachableTrackerFailsWithAClearErrorAfterTheConfiguredTries() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (GitHubTracker dead =
        GitHubTracker.connect(
            Connections.fake(
                URI.create("http://127.0.0.1:" + port),
                REPO,
                Optional.of(Token.of("tok-123456")),
                clock,
                HttpPolicy.defaults().withMaxAttempts(3)))) {
      assertThatThrownBy(() -> dead.candidates(10))
          .isInstanceOf(TrackerException.Unreachable.class)
          .hasMessageContaining("no answer after 3 tries");
    }
    assertThat(clock.sleeps()).hasSize(2);
  }

  @Test
  void aServerEchoingTheTokenDoesNotPutItInTheException() {
    github.fail("GET", ISSUES, 1, Reply.message(400, "bad header: Bearer tok-123456"));

    assertThatThrownBy(() -> tracker.candidates(10))
        .isInstanceOf(TrackerException.InvalidInput.class)
        .hasMessageContaining("[redacted]")
        .hasMessageNotContaining("tok-123456");
    assertThat(Token.of("tok-123456").toString()).doesNotContain("tok");
  }

  @Test
  void anOversizedAnswerIsRefusedBeforeItIsReadWhole() {
    byte[] huge = new byte[2 << 20];
    java.util.Arrays.fill(huge, (byte) ' ');
    HttpPolicy small =
        new HttpPolicy(
            3,
            Duration.ofSeconds(1),
            Duration.ofSeconds(4),
            Duration.ofSeconds(60),
            Duration.ofMinutes(15),
            Duration.ZERO,
            Duration.ofSeconds(30),
            1 << 20);
    github.fail("GET", ISSUES, 1, new Reply(200, Map.of(), huge));
    try (GitHubTracker limited =
        GitHubTracker.connect(
            Connections.fake(
                github.url(), REPO, Optional.of(Token.of("tok-123456")), clock, small))) {
      assertThatThrownBy(() -> limited.candidates(10))
          .isInstanceOf(TrackerException.BadResponse.class)
          .hasMessageContaining("exceeds");
    }
  }

  @Test
  void nextLinksToAnotherHostAreRefused() {
    github.fail(
        "GET",
        ISSUES,
        1,
        Reply.json(200, List.of())
            .with("Link", "<http://evil.example/steal?page=2>; rel=\"next\""));

    assertThatThrownBy(() -> tracker.candidates(10))
        .isInstanceOf(TrackerException.BadResponse.class)
        .hasMessageContaining("another origin");
  }
}
