package io.bzzz.api;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bzzz.testing.ChildProcess;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The system's headless Chromium, driven over the DevTools protocol: open a page, read its live DOM
 * as often as a test likes (the page keeps running, its event streams open), take a screenshot.
 * Real time, no virtual time: a page with an open event stream never "finishes loading".
 */
final class HeadlessChromium implements AutoCloseable {
  private static final List<String> NAMES =
      List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

  private final ChildProcess process;
  private final HttpClient http = HttpClient.newHttpClient();
  private final WebSocket socket;
  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

  private HeadlessChromium(ChildProcess process, String pageSocketUrl) {
    this.process = process;
    this.socket =
        http.newWebSocketBuilder()
            .buildAsync(URI.create(pageSocketUrl), new Listener())
            .orTimeout(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
            .join();
  }

  /**
   * Starts the browser found on the PATH with a fresh profile under {@code work}; fails (never
   * skips) when there is none, saying how to get one.
   */
  static HeadlessChromium start(Path work) throws IOException, InterruptedException {
    Path executable = find();
    Path profile = Files.createTempDirectory(work, "chromium-profile");
    List<String> cmd = new ArrayList<>();
    cmd.add(executable.toString());
    cmd.addAll(
        List.of(
            "--headless",
            "--no-sandbox", // tests run as root in CI containers
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--no-first-run",
            "--no-default-browser-check",
            "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0",
            "--window-size=1400,900",
            "--user-data-dir=" + profile,
            "about:blank"));
    ChildProcess p = ChildProcess.start("chromium", work, Map.of("HOME", work.toString()), cmd);
    try {
      Path portFile = profile.resolve("DevToolsActivePort");
      await()
          .atMost(CALL_TIMEOUT)
          .pollInterval(Duration.ofMillis(100))
          .failFast("chromium exited" + p.describe(), () -> !p.process().isAlive())
          .until(() -> Files.exists(portFile) && !Files.readAllLines(portFile).isEmpty());
      int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
      return new HeadlessChromium(p, pageSocket(port));
    } catch (IOException | RuntimeException | InterruptedException | AssertionError e) {
      p.close();
      throw e;
    }
  }

  private static Path find() {
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
    for (String dir : path.split(File.pathSeparator)) {
      for (String name : NAMES) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return p;
        }
      }
    }
    throw new AssertionError(
        "the browser tests need Chromium on the PATH (apt-get install -y chromium); looked for "
            + NAMES);
  }

  private static String pageSocket(int port) throws IOException, InterruptedException {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
              HttpResponse.BodyHandlers.ofString());
      for (JsonNode target : JSON.readTree(r.body())) {
        if (target.path("type").asText().equals("page")) {
          return target.path("webSocketDebuggerUrl").asText();
        }
      }
      throw new AssertionError("chromium has no page target: " + r.body());
    }
  }

  /** Opens {@code url} in the page. */
  void open(String url) {
    ObjectNode params = JSON.createObjectNode().put("url", url);
    JsonNode result = call("Page.navigate", params);
    if (result.has("errorText")) {
      throw new AssertionError("cannot open " + url + ": " + result.path("errorText").asText());
    }
  }

  /** The page's DOM as it is now, serialized. */
  String dom() {
    ObjectNode params =
        JSON.createObjectNode()
            .put("expression", "document.documentElement.outerHTML")
            .put("returnByValue", true);
    return call("Runtime.evaluate", params).path("result").path("value").asText();
  }

  /** The value of a JavaScript expression evaluated in the page, as a string. */
  String evaluate(String expression) {
    ObjectNode params =
        JSON.createObjectNode().put("expression", expression).put("returnByValue", true);
    JsonNode result = call("Runtime.evaluate", params);
    if (result.has("exceptionDetails")) {
      throw new AssertionError(expression + " threw: " + result.path("exceptionDetails"));
    }
    return result.path("result").path("value").asText();
  }

  /** Focuses the element {@code selector} names and types {@code text} into it, as a user does. */
  void type(String selector, String text) {
    evaluate("document.querySelector(" + JSON.valueToTree(selector) + ").focus()");
    call("Input.insertText", JSON.createObjectNode().put("text", text));
  }

  /** Saves what the page shows now as a PNG. */
  void screenshot(Path png) throws IOException {
    JsonNode r = call("Page.captureScreenshot", JSON.createObjectNode().put("format", "png"));
    Files.write(png, Base64.getDecoder().decode(r.path("data").asText()));
  }

  private JsonNode call(String method, ObjectNode params) {
    long id = ids.incrementAndGet();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
    msg.set("params", params);
    socket.sendText(msg.toString(), true).join();
    JsonNode reply = answer.orTimeout(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    if (reply.has("error")) {
      throw new AssertionError(method + " failed: " + reply.path("error"));
    }
    return reply.path("result");
  }

  @Override
  public void close() {
    socket.abort();
    http.shutdownNow();
    process.close();
  }

  /** Collects text frames into messages and completes the call each answers. */
  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          JsonNode msg = JSON.readTree(partial.toString());
          CompletableFuture<JsonNode> f =
              msg.has("id") ? pending.remove(msg.path("id").asLong()) : null;
          if (f != null) {
            f.complete(msg);
          }
        } catch (IOException e) {
          pending.values().forEach(f -> f.completeExceptionally(e));
        }
        partial.setLength(0);
      }
      ws.request(1);
      return null;
    }
  }
}
