package io.bzzz.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bzzz.agent.coordination.Payload;
import io.bzzz.agent.coordination.PeerTable;
import io.bzzz.agent.events.EventHub;
import io.bzzz.agent.runtime.AgentMetrics;
import io.bzzz.agent.runtime.AgentView;
import io.bzzz.agent.runtime.TaskBoard;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The API over a real socket: DESIGN §8 field names, Prometheus text, errors. */
class ApiServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static ApiServer server;
  private static final HttpClient http = HttpClient.newHttpClient();

  /** A fixed view: the API only reads. */
  private static final class FixedView implements AgentView {
    private final EventHub hub = new EventHub(InstantSource.system());

    @Override
    public Health health() {
      return new Health(
          "ok",
          "12D3KooWSelf",
          List.of("/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWSelf"),
          2,
          List.of("bzzz/coordination/v1"),
          42,
          new AgentInfo(
              "12D3KooWSelf", "a1", List.of("git"), List.of(), "general", "dev", 2, 1, "ab12"));
    }

    @Override
    public Mesh mesh() {
      return new Mesh(
          health().agent(),
          "working",
          "http://127.0.0.1:8080/api/health",
          health().multiaddrs(),
          List.of(
              new PeerTable.PeerView(
                  "12D3KooWPeer",
                  PeerTable.State.LIVE,
                  Optional.empty(),
                  Optional.empty(),
                  Instant.parse("2026-11-22T10:00:00Z"))),
          List.of(new ConnectionInfo("12D3KooWPeer", "/ip4/127.0.0.1/tcp/4002", true)),
          Map.of("bzzz/coordination/v1", List.of("12D3KooWPeer")),
          List.of(),
          Map.of("12D3KooWPeer", 7L));
    }

    @Override
    public EventHub events() {
      return hub;
    }

    @Override
    public List<BootstrapPeer> bootstrapPeers() {
      return List.of(
          new BootstrapPeer(
              "12D3KooWPeer",
              List.of("/ip4/127.0.0.1/tcp/4002/p2p/12D3KooWPeer"),
              "",
              1,
              "2026-11-22T10:00:00Z"));
    }

    @Override
    public List<PeerTable.PeerView> peers() {
      return List.of(
          peer("12D3KooWLive", PeerTable.State.LIVE, "http://127.0.0.1:8081/api/health"),
          peer("12D3KooWSuspect", PeerTable.State.SUSPECT, "https://Agent-B.example/api/health"),
          peer("12D3KooWGone", PeerTable.State.GONE, "http://127.0.0.1:8082/api/health"));
    }

    private static PeerTable.PeerView peer(String id, PeerTable.State state, String api) {
      Payload.CapabilityBroadcast caps =
          new Payload.CapabilityBroadcast(
              id,
              List.of("git"),
              List.of(),
              "dev",
              "general",
              Instant.parse("2026-11-22T10:00:00Z"),
              "startup",
              "",
              List.of(),
              api);
      return new PeerTable.PeerView(
          id, state, Optional.of(caps), Optional.empty(), Instant.parse("2026-11-22T10:00:00Z"));
    }

    @Override
    public List<TaskBoard.Entry> tasks() {
      return List.of();
    }

    @Override
    public Metrics metrics() {
      return new Metrics(
          2,
          Map.of("bzzz/coordination/v1", 7L),
          Map.of("bzzz/coordination/v1", 5L, "weird\"topic", 1L),
          0,
          new AgentMetrics.Snapshot(
              3, 2, 1, 4, 9, Map.of("succeeded", new AgentMetrics.Durations(2, 1.5))),
          12,
          1,
          latencies().snapshot());
    }

    /** The histograms of /metrics, one pickup and the mesh's load (no auction). */
    private static io.bzzz.agent.runtime.LatencyMetrics latencies() {
      io.bzzz.agent.runtime.LatencyMetrics l = MetricsTextTest.observedOnce();
      l.pickup().pickedUp(io.bzzz.agent.pickup.PickupMetrics.Path.POLL, Duration.ofMillis(400));
      l.include(
          new io.bzzz.agent.schedule.MeshLoadMetrics(() -> 0.5, () -> Map.of("12D3KooWPeer", 1.0)));
      return l;
    }
  }

  @BeforeAll
  static void start() throws Exception {
    server = ApiServer.start("127.0.0.1", 0, new FixedView());
  }

  @AfterAll
  static void stop() {
    server.close();
    http.close();
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void healthHasTheContractFields() throws Exception {
    HttpResponse<String> r = get("/api/health");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    JsonNode h = JSON.readTree(r.body());
    assertThat(h.fieldNames())
        .toIterable()
        .containsExactly(
            "status",
            "peer_id",
            "multiaddrs",
            "connected_peers",
            "gossipsub_topics",
            "uptime_s",
            "agent");
    assertThat(h.path("agent").fieldNames())
        .toIterable()
        .containsExactly(
            "id",
            "name",
            "capabilities",
            "models",
            "specialization",
            "version",
            "max_tasks",
            "current_tasks",
            "log_key");
    assertThat(h.path("agent").path("current_tasks").asInt()).isEqualTo(1);
  }

  @Test
  void bootstrapPeersListsEachPeer() throws Exception {
    JsonNode b = JSON.readTree(get("/api/v1/bootstrap-peers").body());
    assertThat(b.path("peers")).hasSize(1);
    assertThat(b.path("peers").get(0).fieldNames())
        .toIterable()
        .containsExactly("peer_id", "multiaddrs", "name", "priority", "last_seen");
  }

  @Test
  void metricsAreInPrometheusTextFormat() throws Exception {
    HttpResponse<String> r = get("/metrics");
    assertThat(r.headers().firstValue("content-type")).hasValue(MetricsText.CONTENT_TYPE);
    assertThat(r.body())
        .contains("# TYPE bzzz_tasks_claimed_total counter\nbzzz_tasks_claimed_total 3.0\n")
        .contains("bzzz_messages_received_total{topic=\"bzzz/coordination/v1\"} 7.0\n")
        .contains("bzzz_messages_sent_total{topic=\"weird\\\"topic\"} 1.0\n")
        .contains("bzzz_claim_conflicts_total 4.0\n")
        .contains("bzzz_executor_duration_seconds_sum{outcome=\"succeeded\"} 1.5\n")
        .contains("bzzz_executor_duration_seconds_count{outcome=\"succeeded\"} 2\n")
        .contains("bzzz_log_length 12.0\n")
        .contains("bzzz_peers 2.0\n")
        .contains("# TYPE bzzz_task_duration_seconds histogram\n");
    PrometheusText.parse(r.body());
  }

  @Test
  void meshShowsTheAgentItsPeersConnectionsAndTopics() throws Exception {
    HttpResponse<String> r = get("/api/v1/mesh");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode m = JSON.readTree(r.body());
    assertThat(m.fieldNames())
        .toIterable()
        .containsExactly("agent", "connections", "peers", "topics", "tasks", "scheduling");
    assertThat(m.path("agent").path("name").asText()).isEqualTo("a1");
    assertThat(m.path("agent").path("status").asText()).isEqualTo("working");
    assertThat(m.path("agent").path("api").asText()).isEqualTo("http://127.0.0.1:8080/api/health");
    assertThat(m.path("connections").get(0).path("peer_id").asText()).isEqualTo("12D3KooWPeer");
    assertThat(m.path("connections").get(0).path("direction").asText()).isEqualTo("outbound");
    assertThat(m.path("peers").get(0).path("state").asText()).isEqualTo("live");
    assertThat(m.path("peers").get(0).path("connected").asBoolean()).isTrue();
    assertThat(m.path("peers").get(0).path("messages_received").asLong()).isEqualTo(7);
    assertThat(m.path("topics").path("bzzz/coordination/v1").get(0).asText())
        .isEqualTo("12D3KooWPeer");
    // scheduling: the same figures as /metrics (SchedulingJsonTest has every field)
    JsonNode s = m.path("scheduling");
    assertThat(s.path("pickup").path("count").asLong()).isEqualTo(1);
    assertThat(s.path("pickup").path("by_path").path("poll").asLong()).isEqualTo(1);
    assertThat(s.path("pickup").path("p50_seconds").asDouble()).isBetween(0.25, 0.5);
    assertThat(s.path("auction").path("enabled").asBoolean()).isFalse();
    assertThat(s.path("auction").path("rounds").asLong()).isZero();
    assertThat(s.path("utilisation").asDouble()).isEqualTo(0.5);
    assertThat(s.path("peer_utilisation").path("12D3KooWPeer").asDouble()).isEqualTo(1.0);
    assertThat(s.path("load_variance").asDouble()).isEqualTo(0.0625);
    assertThat(s.path("hotspots").asLong()).isEqualTo(1);
  }

  private static HttpResponse<String> get(String path, String origin) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
            .header("Origin", origin)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static final List<String> PATHS =
      List.of(
          "/",
          "/visualizer",
          "/api/health",
          "/api/v1/mesh",
          "/api/v1/tasks",
          "/api/v1/peers",
          "/api/v1/bootstrap-peers",
          "/metrics",
          "/nope");

  @Test
  void aPageOfAnyOtherOriginCannotReadTheApi() throws Exception {
    // What a browser does for a script on http://evil.example that fetches the agent's API: it
    // sends the page's origin and hands the body to the script only if the answer allows it.
    for (String origin :
        List.of(
            "http://evil.example",
            "null",
            "http://127.0.0.1:8082", // a peer confirmed gone
            "http://127.0.0.1:8081.evil.example",
            "http://127.0.0.1:80811")) {
      for (String path : PATHS) {
        HttpResponse<String> r = get(path, origin);
        assertThat(r.headers().firstValue("access-control-allow-origin"))
            .as(origin + " " + path)
            .isEmpty();
        assertThat(r.headers().allValues("vary")).as(path).contains("Origin");
      }
    }
    HttpResponse<Void> events =
        http.send(
            HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/events"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://evil.example")
                .build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(events.headers().firstValue("access-control-allow-origin")).isEmpty();
    // without an Origin (same-origin page, curl) nothing is needed and nothing is sent
    assertThat(get("/api/health").headers().firstValue("access-control-allow-origin")).isEmpty();
  }

  @Test
  void thePageOfAPeersApiMayRead() throws Exception {
    for (String path : PATHS) {
      assertThat(
              get(path, "http://127.0.0.1:8081")
                  .headers()
                  .firstValue("access-control-allow-origin"))
          .as(path)
          .hasValue("http://127.0.0.1:8081");
    }
    // a suspect peer is still in the mesh; origins compare as browsers write them
    assertThat(
            get("/api/health", "https://agent-b.example")
                .headers()
                .firstValue("access-control-allow-origin"))
        .hasValue("https://agent-b.example");
  }

  @Test
  void noAnswerNamesTheServerSoftware() throws Exception {
    for (String path : PATHS) {
      assertThat(get(path).headers().firstValue("server")).as(path).isEmpty();
    }
    HttpResponse<String> post =
        http.send(
            HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/health"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(post.headers().firstValue("server")).isEmpty();
    assertThat(post.headers().firstValue("x-powered-by")).isEmpty();
    // Jetty's own error answer to a request it cannot parse
    List<String> raw = rawAnswer("GET /api/health HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n");
    assertThat(raw.getFirst()).startsWith("HTTP/1.1 400");
    assertThat(raw)
        .noneSatisfy(l -> assertThat(l.toLowerCase(java.util.Locale.ROOT)).startsWith("server:"));
  }

  private static List<String> rawAnswer(String request) throws Exception {
    URI base = URI.create(server.baseUrl());
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      List<String> headers = new ArrayList<>();
      for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
        headers.add(line);
      }
      return headers;
    }
  }

  @Test
  void theVisualizerPageIsServedSelfContained() throws Exception {
    for (String path : List.of("/", "/visualizer")) {
      HttpResponse<String> r = get(path);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
      assertThat(r.headers().firstValue("content-security-policy"))
          .hasValueSatisfying(v -> assertThat(v).contains("default-src 'none'"));
      assertThat(r.body())
          .contains("<title>Bzzz mesh</title>", "/api/v1/events", "/api/v1/mesh")
          .doesNotContain("<script src", "<link rel=\"stylesheet\"", "https://");
    }
  }

  @Test
  void unknownPathsAndWritesAreRefused() throws Exception {
    assertThat(get("/nope").statusCode()).isEqualTo(404);
    HttpResponse<String> post =
        http.send(
            HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/health"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(get("/api/v1/tasks").body()).isEqualTo("{\"tasks\":[]}");
  }
}
