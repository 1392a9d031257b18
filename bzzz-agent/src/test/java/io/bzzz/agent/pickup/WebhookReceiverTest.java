package io.bzzz.agent.pickup;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.agent.config.Credential;
import io.bzzz.agent.config.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The webhook endpoint's decisions, attacked: without a valid signature nothing reaches the task
 * loop or the mesh, and signed deliveries that are not about a new task here are ignored.
 */
class WebhookReceiverTest {
  private static final String SECRET = "0123456789abcdef-shared";
  private static final String REPO = "admin/demo";

  private final List<TaskHint> looked = new ArrayList<>();
  private final List<TaskHint> announced = new ArrayList<>();
  private final PickupMetrics metrics = new PickupMetrics();
  private final PollHints hints =
      new PollHints(
          "gitea",
          Set.of(REPO),
          InstantSource.fixed(Instant.parse("2026-12-01T10:00:00Z")),
          metrics,
          looked::add);
  private final WebhookReceiver receiver =
      new WebhookReceiver(
          "12D3KooSelf",
          "gitea",
          Credential.fixed(new Secret(SECRET, "test")),
          hints,
          announced::add,
          metrics);

  static byte[] issues(String action, String repo, long number, String... labels) {
    StringBuilder l = new StringBuilder();
    for (String label : labels) {
      l.append(l.isEmpty() ? "" : ",").append("{\"id\":1,\"name\":\"").append(label).append("\"}");
    }
    String json =
        "{\"action\":\""
            + action
            + "\",\"number\":"
            + number
            + ",\"issue\":{\"number\":"
            + number
            + ",\"title\":\"t\",\"state\":\"open\",\"labels\":["
            + l
            + "],\"pull_request\":null},\"repository\":{\"full_name\":\""
            + repo
            + "\",\"name\":\"demo\",\"owner\":{\"login\":\"admin\"}},\"sender\":{\"login\":\"admin\"}}";
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private WebhookReceiver.Reply send(
      WebhookSource source, Map<String, String> headers, byte[] body) {
    Map<String, String> lower = new HashMap<>();
    headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
    return receiver.receive(source, name -> lower.get(name.toLowerCase(Locale.ROOT)), body);
  }

  private static Map<String, String> gitea(String signature, String delivery) {
    Map<String, String> h = new HashMap<>();
    h.put("X-Gitea-Event", "issues");
    h.put("X-Gitea-Delivery", delivery);
    if (signature != null) {
      h.put("X-Gitea-Signature", signature);
    }
    return h;
  }

  private void nothingHappened() {
    assertThat(looked).isEmpty();
    assertThat(announced).isEmpty();
  }

  @Test
  void aValidDeliveryForAWatchedTaskIsLookedAtAndAnnounced() {
    byte[] body = issues("opened", REPO, 7, "bzzz-task");
    WebhookReceiver.Reply r =
        send(WebhookSource.GITEA, gitea(WebhookSignature.hex(SECRET, body), "d-1"), body);
    assertThat(r).isEqualTo(new WebhookReceiver.Reply(202, "accepted"));
    assertThat(looked).singleElement().satisfies(h -> assertThat(h.task().number()).isEqualTo(7));
    assertThat(announced)
        .singleElement()
        .satisfies(h -> assertThat(h.announcer()).isEqualTo("12D3KooSelf"));
    assertThat(looked.get(0).origin()).isEqualTo(TaskHint.Origin.WEBHOOK);
  }

  @Test
  void noSignatureHeaderIs401() {
    byte[] body = issues("opened", REPO, 7, "bzzz-task");
    assertThat(send(WebhookSource.GITEA, gitea(null, "d-1"), body).status()).isEqualTo(401);
    assertThat(send(WebhookSource.GITEA, gitea("  ", "d-2"), body).status()).isEqualTo(401);
    nothingHappened();
  }

  @Test
  void aSignatureMadeWithAnotherSecretIs401() {
    byte[] body = issues("opened", REPO, 7, "bzzz-task");
    String forged = WebhookSignature.hex("guessed-secret", body);
    assertThat(send(WebhookSource.GITEA, gitea(forged, "d-1"), body))
        .isEqualTo(new WebhookReceiver.Reply(401, "bad_signature"));
    nothingHappened();
  }

  @Test
  void aBodyAlteredAfterSigningIs401() {
    byte[] signed = issues("opened", REPO, 7, "bzzz-task");
    String signature = WebhookSignature.hex(SECRET, signed);
    byte[] altered = issues("opened", REPO, 8, "bzzz-task"); // another issue, same signature
    assertThat(send(WebhookSource.GITEA, gitea(signature, "d-1"), altered).status()).isEqualTo(401);
    byte[] appended =
        (new String(signed, StandardCharsets.UTF_8) + " ").getBytes(StandardCharsets.UTF_8);
    assertThat(send(WebhookSource.GITEA, gitea(signature, "d-2"), appended).status())
        .isEqualTo(401);
    nothingHappened();
  }

  @Test
  void aSignatureOfAnotherBodyIs401EvenInGitHubsFormat() {
    byte[] body = issues("opened", REPO, 7, "bzzz-task");
    byte[] other = issues("closed", REPO, 7, "bzzz-task");
    Map<String, String> h = new HashMap<>();
    h.put("X-GitHub-Event", "issues");
    h.put("X-Hub-Signature-256", "sha256=" + WebhookSignature.hex(SECRET, other));
    assertThat(send(WebhookSource.GITHUB, h, body).status()).isEqualTo(401);
    h.put("X-Hub-Signature-256", WebhookSignature.hex(SECRET, body)); // no sha256= prefix
    assertThat(send(WebhookSource.GITHUB, h, body).status()).isEqualTo(401);
    h.put("X-Hub-Signature-256", "sha1=" + WebhookSignature.hex(SECRET, body));
    assertThat(send(WebhookSource.GITHUB, h, body).status()).isEqualTo(401);
    nothingHappened();
  }

  @Test
  void aValidDeliveryReplayedForAnotherRepositoryOrAgainIsIgnored() {
    byte[] foreign = issues("opened", "mallory/elsewhere", 7, "bzzz-task");
    String signature = WebhookSignature.hex(SECRET, foreign); // genuinely signed, other repository
    assertThat(send(WebhookSource.GITEA, gitea(signature, "d-9"), foreign))
        .isEqualTo(new WebhookReceiver.Reply(202, "foreign_repository"));
    nothingHappened();

    byte[] mine = issues("opened", REPO, 7, "bzzz-task");
    String mineSigned = WebhookSignature.hex(SECRET, mine);
    assertThat(send(WebhookSource.GITEA, gitea(mineSigned, "d-1"), mine).result())
        .isEqualTo("accepted");
    assertThat(send(WebhookSource.GITEA, gitea(mineSigned, "d-1"), mine).result())
        .isEqualTo("duplicate_delivery");
    assertThat(looked).hasSize(1);
  }

  @Test
  void signedDeliveriesThatAreNoNewTaskAreIgnored() {
    byte[] closed = issues("closed", REPO, 7, "bzzz-task");
    assertThat(
            send(WebhookSource.GITEA, gitea(WebhookSignature.hex(SECRET, closed), "a"), closed)
                .result())
        .isEqualTo("ignored_action");
    byte[] plain = issues("opened", REPO, 8, "question");
    assertThat(
            send(WebhookSource.GITEA, gitea(WebhookSignature.hex(SECRET, plain), "b"), plain)
                .result())
        .isEqualTo("not_a_task");
    byte[] push = "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8);
    Map<String, String> h = gitea(WebhookSignature.hex(SECRET, push), "c");
    h.put("X-Gitea-Event", "push");
    assertThat(send(WebhookSource.GITEA, h, push).result()).isEqualTo("ignored_event");
    byte[] github = issues("opened", REPO, 9, "bzzz-task");
    Map<String, String> gh = new HashMap<>();
    gh.put("X-GitHub-Event", "issues");
    gh.put("X-Hub-Signature-256", WebhookSignature.header(WebhookSource.GITHUB, SECRET, github));
    assertThat(send(WebhookSource.GITHUB, gh, github).result()).isEqualTo("foreign_tracker");
    nothingHappened();
  }

  @Test
  void malformedAndOversizedBodiesAreRefused() {
    byte[] junk = "{\"action\":\"opened\",".getBytes(StandardCharsets.UTF_8);
    assertThat(send(WebhookSource.GITEA, gitea(WebhookSignature.hex(SECRET, junk), "a"), junk))
        .isEqualTo(new WebhookReceiver.Reply(400, "malformed"));
    byte[] noNumber =
        "{\"action\":\"opened\",\"issue\":{},\"repository\":{\"full_name\":\"admin/demo\"}}"
            .getBytes(StandardCharsets.UTF_8);
    assertThat(
            send(WebhookSource.GITEA, gitea(WebhookSignature.hex(SECRET, noNumber), "b"), noNumber)
                .status())
        .isEqualTo(400);
    byte[] huge = new byte[WebhookReceiver.MAX_BODY_BYTES + 1];
    assertThat(
            send(WebhookSource.GITEA, gitea(WebhookSignature.hex(SECRET, huge), "c"), huge)
                .status())
        .isEqualTo(413);
    nothingHappened();
  }

  @Test
  void gitHubsFormatIsAcceptedForAGitHubAgent() {
    List<TaskHint> seen = new ArrayList<>();
    PollHints gh =
        new PollHints("github", Set.of("octo/repo"), InstantSource.system(), metrics, seen::add);
    WebhookReceiver r =
        new WebhookReceiver(
            "me", "github", Credential.fixed(new Secret(SECRET, "t")), gh, h -> {}, metrics);
    byte[] body = issues("labeled", "Octo/Repo", 3, "bzzz-task");
    Map<String, String> h = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    h.put("x-github-event", "issues");
    h.put(
        "x-hub-signature-256",
        WebhookSignature.header(WebhookSource.GITHUB, SECRET, body)
            .toUpperCase(Locale.ROOT)
            .replace("SHA256=", "sha256="));
    assertThat(r.receive(WebhookSource.GITHUB, h::get, body).result()).isEqualTo("accepted");
    assertThat(seen).hasSize(1);
  }
}
