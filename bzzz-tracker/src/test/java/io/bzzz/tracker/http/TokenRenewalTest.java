package io.bzzz.tracker.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bzzz.tracker.RepoRef;
import io.bzzz.tracker.TrackerException;
import io.bzzz.tracker.fake.Connections;
import io.bzzz.tracker.fake.FakeGitHub;
import io.bzzz.tracker.fake.ForgeModel;
import io.bzzz.tracker.fake.TestClock;
import io.bzzz.tracker.github.GitHubTracker;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A 401 (GitHub's documented "Bad credentials") asks the token source for a new token and retries
 * the call once with it; without a new one the 401 stands as before.
 */
class TokenRenewalTest {
  private static final RepoRef REPO = new RepoRef("acme", "widgets");
  private static final String ISSUES = "/repos/acme/widgets/issues";

  private FakeGitHub github;
  private TestClock clock;

  /** Hands out {@code first}, then {@code renewed} when asked after a refusal. */
  private static final class Rotating implements TokenSource {
    private volatile Token current;
    private final Optional<Token> renewed;
    int renewals;

    Rotating(String first, Optional<String> renewed) {
      this.current = Token.of(first);
      this.renewed = renewed.map(Token::of);
    }

    @Override
    public Token current() {
      return current;
    }

    @Override
    public Optional<Token> renewAfterRejection(Token rejected) {
      renewals++;
      renewed.ifPresent(t -> current = t);
      return renewed;
    }
  }

  @BeforeEach
  void start() {
    ForgeModel model = new ForgeModel("acme", "widgets", "bot");
    model.addIssue("t", "", List.of("bzzz-task"));
    github = new FakeGitHub(model, "ghs_new_installation_token");
    clock = new TestClock(Instant.parse("2026-11-22T10:00:00Z"));
  }

  @AfterEach
  void stop() {
    github.close();
  }

  private GitHubTracker connect(TokenSource tokens) {
    return GitHubTracker.connect(
        Connections.fake(github.url(), REPO, "unused", clock).withTokens(tokens));
  }

  @Test
  void aRefusedTokenIsRenewedAndTheCallRetriedOnce() {
    Rotating tokens = new Rotating("ghs_expired_token", Optional.of("ghs_new_installation_token"));
    try (GitHubTracker tracker = connect(tokens)) {
      assertThat(tracker.candidates(10)).hasSize(1);
      assertThat(tracker.candidates(10)).hasSize(1); // the new token from now on
    }
    assertThat(tokens.renewals).isEqualTo(1);
    assertThat(github.count("GET", ISSUES)).isEqualTo(3);
    assertThat(clock.sleeps()).isEmpty(); // no backoff: a new token is not a busy server
  }

  @Test
  void withoutANewTokenThe401StandsAndNamesNoToken() {
    Rotating tokens = new Rotating("ghs_expired_token", Optional.empty());
    try (GitHubTracker tracker = connect(tokens)) {
      assertThatThrownBy(() -> tracker.candidates(10))
          .isInstanceOf(TrackerException.Unauthorized.class)
          .hasMessageContaining("401")
          .hasMessageNotContaining("ghs_expired_token");
    }
    assertThat(tokens.renewals).isEqualTo(1);
    assertThat(github.count("GET", ISSUES)).isEqualTo(1);
  }

  @Test
  void aRenewedTokenThatIsAlsoRefusedIsNotRetriedAgain() {
    Rotating tokens = new Rotating("ghs_expired_token", Optional.of("ghs_also_wrong"));
    try (GitHubTracker tracker = connect(tokens)) {
      assertThatThrownBy(() -> tracker.candidates(10))
          .isInstanceOf(TrackerException.Unauthorized.class)
          .hasMessageNotContaining("ghs_also_wrong");
    }
    assertThat(tokens.renewals).isEqualTo(1);
    assertThat(github.count("GET", ISSUES)).isEqualTo(2);
  }
}
