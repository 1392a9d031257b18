package io.bzzz.api;

import io.bzzz.agent.pickup.WebhookReceiver;
import io.bzzz.agent.pickup.WebhookSource;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Promise;

/**
 * {@code POST /api/v1/webhooks/{gitea|github}}: reads the raw body (at most {@link
 * WebhookReceiver#MAX_BODY_BYTES}, judged from {@code Content-Length} first and again while
 * reading) and hands it with the headers to the agent's {@link WebhookReceiver}. Without a receiver
 * (no webhook secret configured) the endpoints do not exist: 404.
 */
final class WebhookRoute {
  static final String PREFIX = "/api/v1/webhooks/";

  /** Status and JSON body of the answer. */
  record Answer(int status, String json) {}

  private final Optional<WebhookReceiver> receiver;

  WebhookRoute(Optional<WebhookReceiver> receiver) {
    this.receiver = receiver;
  }

  static boolean matches(String path) {
    return path.startsWith(PREFIX);
  }

  /** Reads the body without blocking a thread, then lets the receiver judge it. */
  CompletableFuture<Answer> handle(Request request, String path) {
    Optional<WebhookSource> source = WebhookSource.byPath(path.substring(PREFIX.length()));
    if (receiver.isEmpty() || source.isEmpty()) {
      return CompletableFuture.completedFuture(new Answer(404, "{\"error\":\"not found\"}"));
    }
    if (request.getLength() > WebhookReceiver.MAX_BODY_BYTES) {
      return CompletableFuture.completedFuture(result(413, "too_large"));
    }
    CompletableFuture<byte[]> read = new CompletableFuture<>();
    Content.Source.asByteArrayAsync(
        request, WebhookReceiver.MAX_BODY_BYTES, Promise.Invocable.toPromise(read));
    return read.handle(
        (body, failure) -> {
          if (failure != null) {
            // Jetty fails the read with IllegalArgumentException past the limit (chunked)
            return unwrap(failure) instanceof IllegalArgumentException
                ? result(413, "too_large")
                : result(400, "unreadable");
          }
          WebhookReceiver.Reply reply =
              receiver.get().receive(source.get(), name -> request.getHeaders().get(name), body);
          return result(reply.status(), reply.result());
        });
  }

  private static Throwable unwrap(Throwable t) {
    return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
  }

  private static Answer result(int status, String result) {
    return new Answer(status, "{\"result\":\"" + result + "\"}"); // results are fixed words
  }
}
