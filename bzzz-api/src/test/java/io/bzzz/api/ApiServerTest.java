package io.bzzz.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bzzz.agent.coordination.PeerTable;
import io.bzzz.agent.runtime.AgentMetrics;
import io.bzzz.agent.runtime.AgentView;
import io.bzzz.agent.runtime.TaskBoard;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
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
      return List.of();
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
          1);
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
        .contains("# TYPE bzzz_tasks_claimed_total counter\nbzzz_tasks_claimed_total 3\n")
        .contains("bzzz_messages_received_total{topic=\"bzzz/coordination/v1\"} 7\n")
        .contains("bzzz_messages_sent_total{topic=\"weird\\\"topic\"} 1\n")
        .contains("bzzz_claim_conflicts_total 4\n")
        .contains("bzzz_executor_duration_seconds_sum{outcome=\"succeeded\"} 1.500000\n")
        .contains("bzzz_executor_duration_seconds_count{outcome=\"succeeded\"} 2\n")
        .contains("bzzz_log_length 12\n")
        .contains("bzzz_peers 2\n");
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
