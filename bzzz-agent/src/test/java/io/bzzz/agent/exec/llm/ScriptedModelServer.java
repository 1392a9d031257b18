package io.bzzz.agent.exec.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A model server on 127.0.0.1 that answers each request with the next scripted reply, the way
 * Ollama and OpenAI-compatible servers do: status codes with their JSON error bodies, NDJSON or SSE
 * streams sent in separate flushes, and streams cut part-way.
 */
public final class ScriptedModelServer implements AutoCloseable {
  private final HttpServer server;
  private final BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final ObjectMapper json = new ObjectMapper();

  public record Request(
      String method, String path, Map<String, List<String>> headers, JsonNode body) {}

  /** One scripted answer. */
  public sealed interface Reply {}

  /** A complete non-streamed answer (errors). */
  public record Status(int code, String contentType, String body, Map<String, String> headers)
      implements Reply {}

  /**
   * A streamed 200: each piece is written and flushed on its own. With {@code cut}, the response
   * declares more bytes than it sends and the connection is dropped, as when a server dies.
   */
  public record Stream(String contentType, List<String> pieces, boolean cut) implements Reply {}

  public ScriptedModelServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  public URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /**
   * A request that finds no scripted reply waits up to {@code d} for one to be enqueued (for tests
   * that can script a turn only once they know an id the agent's request is about), then gets the
   * 500 as before.
   */
  public ScriptedModelServer waitingUpTo(java.time.Duration d) {
    waitMillis = d.toMillis();
    return this;
  }

  private volatile long waitMillis;

  public void enqueue(Reply... rs) {
    replies.addAll(List.of(rs));
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Thrown out of the handler so the server closes the socket mid-response. */
  private static final class StreamCut extends RuntimeException {
    StreamCut() {
      super("stream cut by the script", null, false, false);
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    try {
      byte[] in = ex.getRequestBody().readAllBytes();
      JsonNode body = in.length == 0 ? json.nullNode() : json.readTree(in);
      requests.add(
          new Request(
              ex.getRequestMethod(),
              ex.getRequestURI().getPath(),
              Map.copyOf(ex.getRequestHeaders()),
              body));
      Reply reply;
      try {
        reply = replies.poll(waitMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        reply = null;
      }
      if (reply == null) {
        reply =
            new Status(500, "application/json", "{\"error\":\"no scripted reply left\"}", Map.of());
      }
      switch (reply) {
        case Status s -> {
          byte[] b = s.body().getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().set("Content-Type", s.contentType());
          s.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
          ex.sendResponseHeaders(s.code(), b.length);
          ex.getResponseBody().write(b);
        }
        case Stream s -> {
          ex.getResponseHeaders().set("Content-Type", s.contentType());
          int total =
              s.pieces().stream().mapToInt(p -> p.getBytes(StandardCharsets.UTF_8).length).sum();
          ex.sendResponseHeaders(200, s.cut() ? total + 10_000 : 0);
          OutputStream out = ex.getResponseBody();
          for (String piece : s.pieces()) {
            out.write(piece.getBytes(StandardCharsets.UTF_8));
            out.flush();
          }
          if (s.cut()) {
            // Fewer bytes than declared, then the handler dies: the server drops the connection.
            throw new StreamCut();
          }
        }
      }
      ex.close();
    } catch (IOException e) {
      ex.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
