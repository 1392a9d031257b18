package io.bzzz.agent.pickup;

import java.util.Optional;

/**
 * The trackers whose webhooks an agent accepts, with the headers each one sends: the event name,
 * the delivery id and the HMAC-SHA256 of the raw body keyed by the hook's secret (Gitea: hex in
 * {@code X-Gitea-Signature}; GitHub: {@code sha256=<hex>} in {@code X-Hub-Signature-256}).
 */
public enum WebhookSource {
  GITEA("gitea", "X-Gitea-Event", "X-Gitea-Delivery", "X-Gitea-Signature", ""),
  GITHUB("github", "X-GitHub-Event", "X-GitHub-Delivery", "X-Hub-Signature-256", "sha256=");

  private final String path;
  private final String eventHeader;
  private final String deliveryHeader;
  private final String signatureHeader;
  private final String signaturePrefix;

  WebhookSource(
      String path,
      String eventHeader,
      String deliveryHeader,
      String signatureHeader,
      String signaturePrefix) {
    this.path = path;
    this.eventHeader = eventHeader;
    this.deliveryHeader = deliveryHeader;
    this.signatureHeader = signatureHeader;
    this.signaturePrefix = signaturePrefix;
  }

  /** The last segment of {@code /api/v1/webhooks/<path>}, also the tracker's mesh name. */
  public String path() {
    return path;
  }

  public String eventHeader() {
    return eventHeader;
  }

  public String deliveryHeader() {
    return deliveryHeader;
  }

  public String signatureHeader() {
    return signatureHeader;
  }

  /** What precedes the hex digest in the signature header ({@code sha256=} on GitHub). */
  String signaturePrefix() {
    return signaturePrefix;
  }

  public static Optional<WebhookSource> byPath(String path) {
    for (WebhookSource s : values()) {
      if (s.path.equals(path)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
