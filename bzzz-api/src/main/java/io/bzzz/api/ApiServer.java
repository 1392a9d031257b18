package io.bzzz.api;

import io.bzzz.agent.council.CouncilDesk;
import io.bzzz.agent.pickup.WebhookReceiver;
import io.bzzz.agent.runtime.AgentView;
import io.bzzz.p2p.files.IoReason;
import java.io.IOException;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * An agent's HTTP API (DESIGN §8): {@code /api/health}, {@code /api/v1/bootstrap-peers}, {@code
 * /metrics}, {@code /api/v1/peers}, {@code /api/v1/tasks}; and for observers {@code /api/v1/mesh},
 * the event feed {@code /api/v1/events} and the Mesh Visualizer page at {@code /}. Read-only, GET
 * and HEAD only, except the tracker webhooks ({@link WebhookRoute}), which exist only with a
 * webhook secret. Browsers let a page of another origin read an answer only when that origin is the
 * API of one of this agent's peers ({@link PeerOrigins}): the visualizer served by one agent reads
 * the others, an arbitrary web page reads nothing. No {@code Server} header names the software.
 * Owns the Jetty server and the event streams; the agent is only read through {@link AgentView}.
 */
public final class ApiServer implements AutoCloseable {
  private static final String JSON = "application/json";

  private final Server server;
  private final EventStreams streams;
  private final String baseUrl;
  private final String boundBaseUrl;

  private ApiServer(Server server, EventStreams streams, String baseUrl, String boundBaseUrl) {
    this.server = server;
    this.streams = streams;
    this.baseUrl = baseUrl;
    this.boundBaseUrl = boundBaseUrl;
  }

  /** Starts listening on {@code host:port} (port 0 picks a free one). */
  public static ApiServer start(String host, int port, AgentView agent) throws IOException {
    return start(host, port, agent, Optional.empty(), Optional.empty());
  }

  /**
   * As above, with the webhook endpoints {@code POST /api/v1/webhooks/{gitea|github}} when {@code
   * webhooks} is present (docs/scheduling.md) and {@code /api/v1/councils} answered by {@code
   * councils} when it is present (docs/councils.md).
   */
  public static ApiServer start(
      String host,
      int port,
      AgentView agent,
      Optional<WebhookReceiver> webhooks,
      Optional<CouncilDesk> councils)
      throws IOException {
    QueuedThreadPool threads = new QueuedThreadPool(16, 2);
    threads.setName("api");
    threads.setVirtualThreadsExecutor(
        java.util.concurrent.Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("api-", 0).factory()));
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false); // no "Server: Jetty(12...)" telling what to attack
    http.setSendXPoweredBy(false);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);
    EventStreams streams = new EventStreams(agent);
    server.setHandler(
        new Routes(agent, streams, new WebhookRoute(webhooks), councils.map(CouncilRoutes::new)));
    try {
      server.start();
    } catch (Exception e) {
      try {
        server.stop();
      } catch (Exception ignored) {
        // the start failure is the error to report
      }
      throw new IOException(
          "cannot start the HTTP API on " + host + ":" + port + ": " + IoReason.of(e), e);
    }
    String bound = host.contains(":") ? "[" + host + "]" : host;
    String shown = bound.equals("0.0.0.0") || bound.equals("[::]") ? "127.0.0.1" : bound;
    return new ApiServer(
        server,
        streams,
        "http://" + shown + ":" + connector.getLocalPort(),
        "http://" + bound + ":" + connector.getLocalPort());
  }

  /** {@code http://host:port}, without a trailing slash. */
  public String baseUrl() {
    return baseUrl;
  }

  public String healthUrl() {
    return baseUrl + "/api/health";
  }

  /**
   * The health URL with the host the API was bound to: {@code 0.0.0.0} or {@code [::]} when it
   * listens on every address, which the agent replaces by an address peers can reach before it
   * advertises the URL.
   */
  public String boundHealthUrl() {
    return boundBaseUrl + "/api/health";
  }

  /** The Mesh Visualizer page of this agent. */
  public String visualizerUrl() {
    return baseUrl + "/";
  }

  /** Event streams being served now. */
  public int openEventStreams() {
    return streams.openCount();
  }

  @Override
  public void close() {
    streams.close();
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the HTTP API", e);
    }
  }

  private static final class Routes extends Handler.Abstract.NonBlocking {
    private final AgentView agent;
    private final EventStreams streams;
    private final WebhookRoute webhooks;
    private final Optional<CouncilRoutes> councils;

    Routes(
        AgentView agent,
        EventStreams streams,
        WebhookRoute webhooks,
        Optional<CouncilRoutes> councils) {
      this.agent = agent;
      this.streams = streams;
      this.webhooks = webhooks;
      this.councils = councils;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      String method = request.getMethod();
      if (method.equals("POST") && WebhookRoute.matches(Request.getPathInContext(request))) {
        var unused = // the answer is sent by the completion below; nothing else waits for it
            webhooks
                .handle(request, Request.getPathInContext(request))
                .whenComplete(
                    (a, failure) -> {
                      if (a != null) {
                        send(response, callback, a.status(), JSON, a.json());
                      } else {
                        send(response, callback, 500, JSON, "{\"error\":\"internal error\"}");
                      }
                    });
        return true;
      }
      if (councils.isPresent() && CouncilRoutes.matches(Request.getPathInContext(request))) {
        allowPeerOrigin(request, response);
        councils.get().handle(request, a -> send(response, callback, a.status(), JSON, a.body()));
        return true;
      }
      if (!method.equals("GET") && !method.equals("HEAD")) {
        response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
        return send(
            response,
            callback,
            HttpStatus.METHOD_NOT_ALLOWED_405,
            JSON,
            "{\"error\":\"method not allowed\"}");
      }
      allowPeerOrigin(request, response);
      String path = Request.getPathInContext(request);
      return switch (path) {
        case "/", "/visualizer" -> page(response, callback);
        case "/api/v1/mesh" -> send(response, callback, 200, JSON, ApiJson.mesh(agent).toString());
        case "/api/v1/events" -> events(request, response, callback);
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

    /**
     * Task titles and failure details are not for every web page the user opens: only a page served
     * by a peer's API (the visualizer of another agent) may read the answer.
     */
    private void allowPeerOrigin(Request request, Response response) {
      response.getHeaders().put(HttpHeader.VARY, "Origin");
      String origin = request.getHeaders().get(HttpHeader.ORIGIN);
      if (origin != null) {
        PeerOrigins.allowed(origin, agent.peers())
            .ifPresent(o -> response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, o));
      }
    }

    private boolean events(Request request, Response response, Callback callback) {
      if (request.getMethod().equals("HEAD")) {
        return send(response, callback, 200, "text/event-stream; charset=utf-8", "");
      }
      if (!streams.start(request, response, callback)) {
        return send(response, callback, 503, JSON, "{\"error\":\"too many event streams\"}");
      }
      return true;
    }

    private static boolean page(Response response, Callback callback) {
      // The page is self-contained: inline script and style, and it only talks to agents' APIs.
      response
          .getHeaders()
          .put(
              "Content-Security-Policy",
              "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                  + "connect-src *; img-src data:; base-uri 'none'; form-action 'none'");
      response.getHeaders().put("X-Content-Type-Options", "nosniff");
      return send(response, callback, 200, "text/html; charset=utf-8", VisualizerPage.HTML);
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
