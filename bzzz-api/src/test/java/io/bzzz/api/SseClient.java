package io.bzzz.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A test client for {@code /api/v1/events}: parses the Server-Sent Events wire format (id, event,
 * data lines, blank line ends an event, comment lines ignored) on its own virtual thread.
 */
final class SseClient implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One event as received. */
  record Event(String id, String event, JsonNode data) {}

  private final HttpClient http = HttpClient.newHttpClient();
  private final HttpResponse<InputStream> response;
  private final LinkedBlockingQueue<Event> queue = new LinkedBlockingQueue<>();
  private final List<Event> seen = new ArrayList<>();
  private final Thread reader;

  private SseClient(URI uri) throws IOException, InterruptedException {
    response =
        http.send(
            HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").build(),
            HttpResponse.BodyHandlers.ofInputStream());
    reader = Thread.ofVirtual().name("sse-client").start(this::read);
  }

  static SseClient open(String baseUrl) throws IOException, InterruptedException {
    return new SseClient(URI.create(baseUrl + "/api/v1/events"));
  }

  HttpResponse<InputStream> response() {
    return response;
  }

  /** The next event, or empty after {@code timeout}. */
  Optional<Event> next(Duration timeout) throws InterruptedException {
    Event e = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (e != null) {
      seen.add(e);
    }
    return Optional.ofNullable(e);
  }

  /** Reads until an event matches; fails after {@code timeout}. Every event read is kept. */
  Event await(Predicate<Event> match, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<Event> e = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      if (e.isPresent() && match.test(e.get())) {
        return e.get();
      }
    }
    throw new AssertionError("no matching event within " + timeout + "; saw " + seen.size());
  }

  /** Every event taken so far, in order. */
  List<Event> seen() {
    return List.copyOf(seen);
  }

  private void read() {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String id = "";
      String event = "message";
      StringBuilder data = new StringBuilder();
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isEmpty()) {
          if (!data.isEmpty()) {
            queue.add(new Event(id, event, JSON.readTree(data.toString())));
          }
          event = "message";
          data.setLength(0);
        } else if (line.startsWith("id: ")) {
          id = line.substring(4);
        } else if (line.startsWith("event: ")) {
          event = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data.append(line.substring(6));
        }
      }
    } catch (IOException e) {
      // the stream ended (closed by the test or the server)
    }
  }

  @Override
  public void close() {
    try {
      response.body().close();
    } catch (IOException e) {
      // closing anyway
    }
    http.shutdownNow();
    reader.interrupt();
  }
}
