package io.bzzz.agent.pickup;

import io.bzzz.agent.config.Credential;
import io.bzzz.agent.coordination.TaskRef;
import java.time.InstantSource;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.SequencedSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's webhook endpoints ({@code POST /api/v1/webhooks/gitea} and {@code .../github}),
 * without HTTP types: the API hands over the headers and the raw body, and sends back the {@link
 * Reply}. The signature is checked before anything else is read (401 and nothing happens without a
 * valid one); then only {@code issues} events of watched repositories that may have made an issue a
 * task become a {@link TaskHint}, which goes through {@link PollHints}, and, when the review loop
 * is on, pull request events ({@link PullRequestEvent}) of watched repositories ask it to check
 * that pull request now. Everything else is answered 202 and ignored, so a tracker never retries a
 * delivery the agent does not need. Neither the secret nor the body is ever logged.
 */
public final class WebhookReceiver {
  private static final Logger log = LoggerFactory.getLogger(WebhookReceiver.class);

  /** The largest body read; an {@code issues} payload is a few KiB, GitHub caps all at 25 MB. */
  public static final int MAX_BODY_BYTES = 1 << 20;

  private static final int REMEMBERED_DELIVERIES = 1024;

  /** The HTTP answer: a status and a short result word for the JSON body and the metrics. */
  public record Reply(int status, String result) {}

  private final String self;
  private final String tracker;
  private final Credential secret;
  private final PollHints hints;
  private final Consumer<TaskHint> announce;
  private final PickupMetrics metrics;
  private final Optional<PullRequestActivity> pulls;
  private final TokenBucket wakes = new TokenBucket(InstantSource.system());
  private final ReentrantLock lock = new ReentrantLock();
  private final SequencedSet<String> deliveries = new LinkedHashSet<>();

  /**
   * @param tracker the mesh name of the agent's tracker: deliveries from the other kind are ignored
   * @param announce publishes the accepted hint on the mesh ({@code task_available})
   */
  public WebhookReceiver(
      String self,
      String tracker,
      Credential secret,
      PollHints hints,
      Consumer<TaskHint> announce,
      PickupMetrics metrics) {
    this(self, tracker, secret, hints, announce, metrics, Optional.empty());
  }

  /**
   * @param pulls where verified pull request events go (the review loop), empty when it is off
   */
  public WebhookReceiver(
      String self,
      String tracker,
      Credential secret,
      PollHints hints,
      Consumer<TaskHint> announce,
      PickupMetrics metrics,
      Optional<PullRequestActivity> pulls) {
    this.pulls = pulls;
    this.self = self;
    this.tracker = tracker;
    this.secret = secret;
    this.hints = hints;
    this.announce = announce;
    this.metrics = metrics;
  }

  /**
   * @param header a request header by name (case-insensitive, as HTTP says), null when absent
   */
  public Reply receive(WebhookSource source, Function<String, String> header, byte[] body) {
    Reply reply = judge(source, header, body);
    metrics.webhook(source, reply.result());
    if (reply.status() == 401) {
      log.atWarn()
          .addKeyValue("source", source.path())
          .addKeyValue("result", reply.result())
          .log("refused a webhook delivery without a valid signature");
    }
    return reply;
  }

  private Reply judge(WebhookSource source, Function<String, String> header, byte[] body) {
    if (body.length > MAX_BODY_BYTES) {
      return new Reply(413, "too_large");
    }
    String signature = header.apply(source.signatureHeader());
    if (signature == null || signature.isBlank()) {
      return new Reply(401, "missing_signature");
    }
    if (!WebhookSignature.matches(source, secret.current().reveal(), body, signature)) {
      return new Reply(401, "bad_signature");
    }
    String event = Optional.ofNullable(header.apply(source.eventHeader())).orElse("").strip();
    if (event.equals("ping")) {
      return new Reply(200, "pong"); // GitHub's test delivery when a hook is created
    }
    if (PullRequestEvent.EVENTS.contains(event)) {
      return pullRequest(source, header, body);
    }
    if (!event.equals("issues")) {
      return new Reply(202, "ignored_event");
    }
    if (!source.path().equals(tracker)) {
      return new Reply(202, "foreign_tracker");
    }
    IssueEvent issue;
    try {
      issue = IssueEvent.parse(body);
    } catch (MalformedWebhookException e) {
      log.atInfo()
          .addKeyValue("source", source.path())
          .log("malformed webhook delivery: " + e.getMessage());
      return new Reply(400, "malformed");
    }
    if (!hints.watches(tracker, issue.repository())) {
      return new Reply(202, "foreign_repository");
    }
    if (!issue.mayBeNewTask()) {
      return new Reply(202, "ignored_action");
    }
    if (!firstDelivery(header.apply(source.deliveryHeader()))) {
      return new Reply(202, "duplicate_delivery");
    }
    TaskHint hint =
        new TaskHint(
            new TaskRef(tracker, issue.repository(), issue.number()),
            issue.labels(),
            TaskHint.Origin.WEBHOOK,
            self);
    PollHints.Verdict verdict = hints.offer(hint);
    if (verdict != PollHints.Verdict.ACCEPTED) {
      return new Reply(202, verdict.label());
    }
    announce.accept(hint);
    log.atInfo()
        .addKeyValue("task", hint.task())
        .addKeyValue("action", issue.action())
        .log("webhook: task available");
    return new Reply(202, "accepted");
  }

  /** A verified delivery about a pull request: the review loop checks it now. */
  private Reply pullRequest(WebhookSource source, Function<String, String> header, byte[] body) {
    if (pulls.isEmpty()) {
      return new Reply(202, "review_loop_off");
    }
    if (!source.path().equals(tracker)) {
      return new Reply(202, "foreign_tracker");
    }
    Optional<PullRequestEvent> pr;
    try {
      pr = PullRequestEvent.parse(body);
    } catch (MalformedWebhookException e) {
      log.atInfo()
          .addKeyValue("source", source.path())
          .log("malformed webhook delivery: " + e.getMessage());
      return new Reply(400, "malformed");
    }
    if (pr.isEmpty()) {
      return new Reply(202, "not_a_pull_request");
    }
    if (!hints.watches(tracker, pr.get().repository())) {
      return new Reply(202, "foreign_repository");
    }
    if (!firstDelivery(header.apply(source.deliveryHeader()))) {
      return new Reply(202, "duplicate_delivery");
    }
    if (!wakes.take()) {
      return new Reply(202, "rate_limited");
    }
    pulls.get().activity(pr.get().repository(), pr.get().number());
    log.atInfo()
        .addKeyValue("repository", pr.get().repository())
        .addKeyValue("pull_request", pr.get().number())
        .log("webhook: pull request activity");
    return new Reply(202, "review_check");
  }

  /** False for a delivery id seen before (a redelivery or a replay); no id counts as new. */
  private boolean firstDelivery(String id) {
    if (id == null || id.isBlank()) {
      return true;
    }
    lock.lock();
    try {
      if (!deliveries.add(id.strip())) {
        return false;
      }
      if (deliveries.size() > REMEMBERED_DELIVERIES) {
        deliveries.removeFirst();
      }
      return true;
    } finally {
      lock.unlock();
    }
  }
}
