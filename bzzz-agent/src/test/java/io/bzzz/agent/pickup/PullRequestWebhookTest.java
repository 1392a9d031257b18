package io.bzzz.agent.pickup;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.agent.config.Credential;
import io.bzzz.agent.config.Secret;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Pull request deliveries in the payload shapes GitHub and Gitea document reach the review loop
 * only with a valid signature, only for watched repositories, only when the loop is on, and never
 * as task hints; a comment on a plain issue is not pull request activity.
 */
class PullRequestWebhookTest {
  private static final String SECRET = "0123456789abcdef-shared";

  private final PickupMetrics metrics = new PickupMetrics();
  private final List<TaskHint> hinted = new ArrayList<>();
  private final List<String> woken = new ArrayList<>();

  private WebhookReceiver receiver(String tracker, String repo, boolean reviewLoop) {
    PollHints hints =
        new PollHints(tracker, Set.of(repo), InstantSource.system(), metrics, hinted::add);
    return new WebhookReceiver(
        "me",
        tracker,
        Credential.fixed(new Secret(SECRET, "t")),
        hints,
        hinted::add,
        metrics,
        reviewLoop
            ? Optional.of((repository, number) -> woken.add(repository + "#" + number))
            : Optional.empty());
  }

  private static byte[] json(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String repo(String fullName) {
    return "\"repository\":{\"full_name\":\"" + fullName + "\"}";
  }

  private static WebhookReceiver.Reply github(
      WebhookReceiver r, String event, String delivery, byte[] body, String secret) {
    Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    h.put("X-GitHub-Event", event);
    h.put("X-GitHub-Delivery", delivery);
    h.put("X-Hub-Signature-256", WebhookSignature.header(WebhookSource.GITHUB, secret, body));
    return r.receive(WebhookSource.GITHUB, h::get, body);
  }

  private static WebhookReceiver.Reply gitea(
      WebhookReceiver r, String event, String delivery, byte[] body, String secret) {
    Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    h.put("X-Gitea-Event", event);
    h.put("X-Gitea-Delivery", delivery);
    h.put("X-Gitea-Signature", WebhookSignature.hex(secret, body));
    return r.receive(WebhookSource.GITEA, h::get, body);
  }

  @Test
  void gitHubsReviewEventsWakeTheReviewLoop() {
    WebhookReceiver r = receiver("github", "octo/repo", true);
    byte[] review =
        json(
            "{\"action\":\"submitted\",\"review\":{\"state\":\"changes_requested\",\"body\":\"x\"},"
                + "\"pull_request\":{\"number\":7,\"head\":{\"ref\":\"bzzz/task-3\"}},"
                + repo("octo/repo")
                + "}");
    byte[] lineComment =
        json(
            "{\"action\":\"created\",\"comment\":{\"path\":\"a.txt\",\"line\":2,\"body\":\"y\"},"
                + "\"pull_request\":{\"number\":8},"
                + repo("octo/repo")
                + "}");
    byte[] prComment =
        json(
            "{\"action\":\"created\",\"issue\":{\"number\":9,\"pull_request\":{\"url\":\"u\"}},"
                + "\"comment\":{\"body\":\"@bzzz please\"},"
                + repo("octo/repo")
                + "}");
    byte[] opened =
        json("{\"action\":\"opened\",\"number\":10,\"pull_request\":{}," + repo("octo/repo") + "}");
    assertThat(github(r, "pull_request_review", "d1", review, SECRET).result())
        .isEqualTo("review_check");
    assertThat(github(r, "pull_request_review_comment", "d2", lineComment, SECRET).result())
        .isEqualTo("review_check");
    assertThat(github(r, "issue_comment", "d3", prComment, SECRET).result())
        .isEqualTo("review_check");
    assertThat(github(r, "pull_request", "d4", opened, SECRET).result()).isEqualTo("review_check");
    assertThat(woken).containsExactly("octo/repo#7", "octo/repo#8", "octo/repo#9", "octo/repo#10");
    assertThat(hinted).as("pull request events are never task hints").isEmpty();
  }

  @Test
  void giteasReviewEventsWakeTheReviewLoop() {
    WebhookReceiver r = receiver("gitea", "admin/demo", true);
    byte[] rejected =
        json(
            "{\"action\":\"reviewed\",\"number\":4,\"pull_request\":{\"number\":4},"
                + "\"review\":{\"type\":\"pull_request_review_rejected\",\"content\":\"fix\"},"
                + repo("admin/demo")
                + "}");
    byte[] comment =
        json(
            "{\"action\":\"created\",\"issue\":{\"number\":5,\"is_pull\":true},"
                + "\"comment\":{\"body\":\"@bzzz\"},\"is_pull\":true,"
                + repo("admin/demo")
                + "}");
    assertThat(gitea(r, "pull_request_review_rejected", "g1", rejected, SECRET).result())
        .isEqualTo("review_check");
    assertThat(gitea(r, "issue_comment", "g2", comment, SECRET).result()).isEqualTo("review_check");
    assertThat(woken).containsExactly("admin/demo#4", "admin/demo#5");
  }

  @Test
  void forgedForeignPlainOrRepeatedDeliveriesChangeNothing() {
    WebhookReceiver r = receiver("github", "octo/repo", true);
    byte[] review =
        json(
            "{\"action\":\"submitted\",\"pull_request\":{\"number\":7}," + repo("octo/repo") + "}");
    assertThat(github(r, "pull_request_review", "f1", review, "not-the-secret").status())
        .isEqualTo(401);
    Map<String, String> unsigned = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    unsigned.put("X-GitHub-Event", "pull_request_review");
    assertThat(r.receive(WebhookSource.GITHUB, unsigned::get, review).status()).isEqualTo(401);
    byte[] foreign =
        json(
            "{\"action\":\"submitted\",\"pull_request\":{\"number\":7}," + repo("evil/repo") + "}");
    assertThat(github(r, "pull_request_review", "f2", foreign, SECRET).result())
        .isEqualTo("foreign_repository");
    byte[] plainIssue =
        json(
            "{\"action\":\"created\",\"issue\":{\"number\":3,\"pull_request\":null},"
                + repo("octo/repo")
                + "}");
    assertThat(github(r, "issue_comment", "f3", plainIssue, SECRET).result())
        .isEqualTo("not_a_pull_request");
    byte[] noNumber = json("{\"pull_request\":{\"number\":\"x\"}," + repo("octo/repo") + "}");
    assertThat(github(r, "pull_request_review", "f4", noNumber, SECRET).status()).isEqualTo(400);
    assertThat(woken).isEmpty();

    assertThat(github(r, "pull_request_review", "f5", review, SECRET).result())
        .isEqualTo("review_check");
    assertThat(github(r, "pull_request_review", "f5", review, SECRET).result())
        .as("a replayed delivery id")
        .isEqualTo("duplicate_delivery");
    assertThat(woken).containsExactly("octo/repo#7");
  }

  @Test
  void aReplayedSignedBodyUnderFreshDeliveryIdsWakesTheLoopABoundedNumberOfTimes() {
    WebhookReceiver r = receiver("github", "octo/repo", true);
    byte[] review =
        json(
            "{\"action\":\"submitted\",\"pull_request\":{\"number\":7}," + repo("octo/repo") + "}");
    int limited = 0;
    for (int i = 0; i < 200; i++) {
      if (github(r, "pull_request_review", "replay-" + i, review, SECRET)
          .result()
          .equals("rate_limited")) {
        limited++;
      }
    }
    assertThat(limited).isPositive();
    // the burst, plus what refilled while the loop ran (2 a second); the exact rate: below
    assertThat(woken.size()).isGreaterThanOrEqualTo(TokenBucket.BURST).isEqualTo(200 - limited);
  }

  @Test
  void bucketRefillsAtItsRate() {
    java.util.concurrent.atomic.AtomicReference<java.time.Instant> now =
        new java.util.concurrent.atomic.AtomicReference<>(java.time.Instant.EPOCH);
    TokenBucket b = new TokenBucket(now::get);
    for (int i = 0; i < TokenBucket.BURST; i++) {
      assertThat(b.take()).isTrue();
    }
    assertThat(b.take()).isFalse();
    now.set(now.get().plusSeconds(1)); // one second: two more
    assertThat(b.take()).isTrue();
    assertThat(b.take()).isTrue();
    assertThat(b.take()).isFalse();
  }

  @Test
  void withTheReviewLoopOffPullRequestEventsAreIgnored() {
    WebhookReceiver r = receiver("github", "octo/repo", false);
    byte[] review =
        json(
            "{\"action\":\"submitted\",\"pull_request\":{\"number\":7}," + repo("octo/repo") + "}");
    assertThat(github(r, "pull_request_review", "o1", review, SECRET).result())
        .isEqualTo("review_loop_off");
    assertThat(woken).isEmpty();
    assertThat(hinted).isEmpty();
  }
}
