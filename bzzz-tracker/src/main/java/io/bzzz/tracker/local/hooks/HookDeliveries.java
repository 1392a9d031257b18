package io.bzzz.tracker.local.hooks;

import io.bzzz.tracker.local.store.Hook;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends webhook deliveries as Gitea does: a POST of the JSON payload with {@code X-Gitea-Delivery}
 * (a UUID), {@code X-Gitea-Event} ({@code issues}), {@code X-Gitea-Event-Type} ({@code issues},
 * {@code issue_label}), {@code X-Gitea-Signature} (hex HMAC-SHA256 of the body keyed by the hook's
 * secret) and the GitHub-style {@code X-GitHub-Event}, {@code X-GitHub-Delivery} and {@code
 * X-Hub-Signature-256} Gitea adds. The API request that caused an event only enqueues it: a bounded
 * queue (a full queue drops the delivery with a warning) served by {@link #WORKERS} threads, each
 * delivery tried {@link #ATTEMPTS} times with a {@link #TIMEOUT} per try (Gitea's default) and a
 * short pause between. Failures are logged with the hook id and the receiver's answer, never the
 * secret or the payload. Owns its threads and HTTP client; {@link #close} stops them.
 */
public final class HookDeliveries implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HookDeliveries.class);

  static final int QUEUE = 1000;
  static final int WORKERS = 4;
  static final int ATTEMPTS = 3;
  static final Duration TIMEOUT = Duration.ofSeconds(5);
  static final Duration PAUSE = Duration.ofMillis(500);

  /**
   * One delivery to make.
   *
   * @param event what {@code X-Gitea-Event} says ({@code issues})
   * @param eventType what {@code X-Gitea-Event-Type} says ({@code issues}, {@code issue_label})
   */
  public record Delivery(Hook hook, String event, String eventType, byte[] payload) {
    @Override
    public String toString() {
      return "Delivery[" + hook + " " + eventType + "]";
    }
  }

  private final BlockingQueue<Delivery> queue = new ArrayBlockingQueue<>(QUEUE);
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private final List<Thread> workers = new ArrayList<>();

  public HookDeliveries() {
    for (int i = 0; i < WORKERS; i++) {
      workers.add(Thread.ofVirtual().name("hook-delivery-" + i).start(this::serve));
    }
  }

  /** Queues a delivery; never blocks. False (and a warning) when the queue is full. */
  public boolean enqueue(Delivery d) {
    if (queue.offer(d)) {
      return true;
    }
    log.atWarn()
        .addKeyValue("hook", d.hook().id())
        .addKeyValue("event", d.eventType())
        .log("webhook queue full; delivery dropped");
    return false;
  }

  private void serve() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        deliver(queue.take());
      }
    } catch (InterruptedException e) {
      // closed
    }
  }

  private void deliver(Delivery d) throws InterruptedException {
    String id = UUID.randomUUID().toString();
    HttpRequest request;
    try {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(d.hook().url()))
              .timeout(TIMEOUT)
              .header("Content-Type", "application/json")
              .header("X-Gitea-Delivery", id)
              .header("X-Gitea-Event", d.event())
              .header("X-Gitea-Event-Type", d.eventType())
              .header("X-GitHub-Delivery", id)
              .header("X-GitHub-Event", d.event())
              .header("X-GitHub-Event-Type", d.eventType())
              .POST(HttpRequest.BodyPublishers.ofByteArray(d.payload()));
      if (!d.hook().secret().isEmpty()) { // Gitea signs only when the hook has a secret
        String signature = sign(d.hook().secret(), d.payload());
        b.header("X-Gitea-Signature", signature)
            .header("X-Hub-Signature-256", "sha256=" + signature);
      }
      request = b.build();
    } catch (IllegalArgumentException e) {
      log.atWarn().addKeyValue("hook", d.hook().id()).log("webhook URL cannot be used");
      return;
    }
    String last = "";
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        HttpResponse<Void> r = http.send(request, HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() / 100 == 2) {
          log.atDebug()
              .addKeyValue("hook", d.hook().id())
              .addKeyValue("delivery", id)
              .addKeyValue("status", r.statusCode())
              .log("webhook delivered");
          return;
        }
        last = "HTTP " + r.statusCode();
      } catch (IOException e) {
        last = e.getClass().getSimpleName();
      }
      if (attempt < ATTEMPTS) {
        Thread.sleep(PAUSE.multipliedBy(attempt));
      }
    }
    log.atWarn()
        .addKeyValue("hook", d.hook().id())
        .addKeyValue("host", URI.create(d.hook().url()).getHost())
        .addKeyValue("delivery", id)
        .addKeyValue("event", d.eventType())
        .addKeyValue("last", last)
        .log("webhook delivery failed after " + ATTEMPTS + " attempts");
  }

  /** The hex HMAC-SHA256 of {@code body} keyed by {@code secret}, as Gitea signs. */
  public static String sign(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is required by the JDK", e);
    }
  }

  @Override
  public void close() {
    workers.forEach(Thread::interrupt);
    for (Thread t : workers) {
      try {
        t.join(Duration.ofSeconds(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    http.close();
  }
}
