package io.bzzz.agent.exec.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * POSTs a JSON body and hands back the streamed answer, mapping the status codes model servers use
 * (404 unknown model, 429/503 busy with Retry-After, 401/403) to {@link LlmException}s. A watchdog
 * closes the stream at the turn's deadline, so a stalled server cannot hold a task.
 */
final class StreamingHttp {
  static final int MAX_LINE = 1 << 20;
  static final long MAX_RESPONSE = 8L << 20;
  private static final int MAX_ERROR_TEXT = 300;

  private final HttpClient http;
  private final ObjectMapper json;

  StreamingHttp(HttpClient http, ObjectMapper json) {
    this.http = http;
    this.json = json;
  }

  /** An open streamed response; closing it stops the watchdog and the stream. */
  static final class Stream implements AutoCloseable {
    private final InputStream body;
    private final Thread watchdog;
    final BoundedLineReader lines;

    Stream(InputStream body, Duration timeout) {
      this.body = body;
      this.lines = new BoundedLineReader(new BufferedInputStream(body), MAX_LINE, MAX_RESPONSE);
      this.watchdog =
          Thread.ofVirtual()
              .name("llm-watchdog")
              .start(
                  () -> {
                    try {
                      Thread.sleep(timeout);
                      body.close();
                    } catch (InterruptedException | IOException e) {
                      // finished in time, or already closed
                    }
                  });
    }

    @Override
    public void close() {
      watchdog.interrupt();
      try {
        body.close();
      } catch (IOException ignored) {
        // nothing more to read anyway
      }
    }
  }

  Stream post(String server, URI uri, JsonNode body, Map<String, String> headers, Duration timeout)
      throws LlmException, InterruptedException {
    HttpRequest.Builder req =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("Accept", "application/x-ndjson, text/event-stream, application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(body)));
    headers.forEach(req::header);
    HttpResponse<InputStream> resp;
    try {
      resp = http.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw new LlmException(
          LlmException.Kind.UNREACHABLE,
          server + " did not answer within " + timeout,
          Optional.empty(),
          e);
    } catch (IOException e) {
      throw new LlmException(
          LlmException.Kind.UNREACHABLE,
          "cannot reach " + server + " at " + uri.getHost() + ":" + uri.getPort() + ": " + e,
          Optional.empty(),
          e);
    }
    int status = resp.statusCode();
    if (status == 200) {
      return new Stream(resp.body(), timeout);
    }
    String text = errorText(resp.body());
    Optional<Duration> retryAfter =
        resp.headers().firstValue("Retry-After").flatMap(StreamingHttp::seconds);
    LlmException.Kind kind =
        switch (status) {
          case 404 -> LlmException.Kind.UNKNOWN_MODEL;
          case 429, 503 -> LlmException.Kind.BUSY;
          case 401, 403 -> LlmException.Kind.UNAUTHORIZED;
          default -> LlmException.Kind.BAD_RESPONSE;
        };
    throw new LlmException(kind, server + " answered " + status + ": " + text, retryAfter, null);
  }

  private byte[] bytes(JsonNode body) {
    try {
      return json.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The server's error message ({@code {"error":"..."}} or {@code {"error":{"message"}}}). */
  private String errorText(InputStream body) {
    try (body) {
      byte[] head = body.readNBytes(16 * 1024);
      String raw = new String(head, StandardCharsets.UTF_8);
      try {
        return abbreviate(errorMessage(json.readTree(raw).path("error"), raw));
      } catch (IOException notJson) {
        return abbreviate(raw.strip());
      }
    } catch (IOException e) {
      return "(no body)";
    }
  }

  /**
   * One streamed chunk as JSON. A chunk that is not JSON, or that reports an error ({@code
   * {"error":...}}), breaks the stream: the turn may be retried.
   *
   * @param server who sent it, for the message
   */
  JsonNode chunk(String server, String text) throws LlmException {
    JsonNode chunk;
    try {
      chunk = json.readTree(text);
    } catch (IOException e) {
      throw new LlmException(
          LlmException.Kind.STREAM_BROKEN,
          server + " sent a chunk that is not JSON: " + abbreviate(text));
    }
    if (chunk.has("error")) {
      JsonNode err = chunk.get("error");
      throw new LlmException(
          LlmException.Kind.STREAM_BROKEN,
          server
              + " reported an error mid-stream: "
              + abbreviate(errorMessage(err, err.toString())));
    }
    return chunk;
  }

  /** {@code "error": "text"} (Ollama) or {@code "error": {"message": "text"}} (OpenAI). */
  private static String errorMessage(JsonNode error, String fallback) {
    return error.isTextual() ? error.asText() : error.path("message").asText(fallback);
  }

  static String abbreviate(String s) {
    return s.length() > MAX_ERROR_TEXT ? s.substring(0, MAX_ERROR_TEXT) + "..." : s;
  }

  private static Optional<Duration> seconds(String v) {
    try {
      long s = Long.parseLong(v.strip());
      return s >= 0 ? Optional.of(Duration.ofSeconds(Math.min(s, 3600))) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty(); // an HTTP date: fall back to our own backoff
    }
  }
}
