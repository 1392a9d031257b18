package io.bzzz.api;

import io.bzzz.agent.runtime.AgentView;
import java.io.IOException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * An agent's HTTP API (DESIGN §8): {@code /api/health}, {@code /api/v1/bootstrap-peers}, {@code
 * /metrics}, {@code /api/v1/peers}, {@code /api/v1/tasks}. Read-only, GET and HEAD only. Owns the
 * Jetty server; the agent is only read through {@link AgentView}.
 */
public final class ApiServer implements AutoCloseable {
  private static final String JSON = "application/json";

  private final Server server;
  private final String baseUrl;

  private ApiServer(Server server, String baseUrl) {
    this.server = server;
    this.baseUrl = baseUrl;
  }

  /** Starts listening on {@code host:port} (port 0 picks a free one). */
  public static ApiServer start(String host, int port, AgentView agent) throws IOException {
    QueuedThreadPool threads = new QueuedThreadPool(16, 2);
    threads.setName("api");
    threads.setVirtualThreadsExecutor(
        java.util.concurrent.Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("api-", 0).factory()));
    Server server = new Server(threads);
    ServerConnector connector = new ServerConnector(server);
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);
    server.setHandler(new Routes(agent));
    try {
      server.start();
    } catch (Exception e) {
      try {
        server.stop();
      } catch (Exception ignored) {
        // the start failure is the error to report
      }
      throw new IOException(
          "cannot start the HTTP API on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    String shown = host.contains(":") ? "[" + host + "]" : host;
    if (shown.equals("0.0.0.0")) {
      shown = "127.0.0.1";
    }
    return new ApiServer(server, "http://" + shown + ":" + connector.getLocalPort());
  }

  /** {@code http://host:port}, without a trailing slash. */
  public String baseUrl() {
    return baseUrl;
  }

  public String healthUrl() {
    return baseUrl + "/api/health";
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the HTTP API", e);
    }
  }

  private static final class Routes extends Handler.Abstract.NonBlocking {
    private final AgentView agent;

    Routes(AgentView agent) {
      this.agent = agent;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      String method = request.getMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
        return send(
            response,
            callback,
            HttpStatus.METHOD_NOT_ALLOWED_405,
            JSON,
            "{\"error\":\"method not allowed\"}");
      }
      String path = Request.getPathInContext(request);
      return switch (path) {
        case "/api/health" -> send(response, callback, 200, JSON, ApiJson.health(agent.health()));
        case "/api/v1/bootstrap-peers" ->
            send(response, callback, 200, JSON, ApiJson.bootstrapPeers(agent.bootstrapPeers()));
        case "/api/v1/peers" -> send(response, callback, 200, JSON, ApiJson.peers(agent.peers()));
        case "/api/v1/tasks" -> send(response, callback, 200, JSON, ApiJson.tasks(agent.tasks()));
        case "/metrics" ->
            send(
                response,
                callback,
                200,
                MetricsText.CONTENT_TYPE,
                MetricsText.render(agent.metrics()));
        default -> send(response, callback, 404, JSON, "{\"error\":\"not found\"}");
      };
    }

    private static boolean send(
        Response response, Callback callback, int status, String type, String body) {
      response.setStatus(status);
      response
          .getHeaders()
          .put(HttpHeader.CONTENT_TYPE, type.startsWith(JSON) ? JSON + "; charset=utf-8" : type);
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
      Content.Sink.write(response, true, body, callback);
      return true;
    }
  }
}
