package io.bzzz.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bzzz.agent.coordination.PeerTable;
import io.bzzz.p2p.multiformats.Multiaddr;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Mesh Visualizer at cluster size, in headless Chromium: 50 live mesh members. Three are full
 * agents with their APIs (agent-a serves the page; b and c are read across origins); 47 are light
 * members ({@link MeshCrowd}: real libp2p nodes on five loopback addresses, publishing real
 * capability and availability broadcasts over gossipsub), because 50 full agents (tracker polling,
 * signed log, HTTP server, capability probes each) would take most of a 2-core CI machine for
 * minutes while the page reads no more from them than from their broadcasts. The page must show all
 * 50 (no cap), group them by role and by host with counts, fold a group, find an agent by name, a
 * member by peer id and a task by number, and mark the busiest links (the chatty members').
 */
@Tag("browser")
class VisualizerClusterBrowserTest {
  private static final Logger log = LoggerFactory.getLogger(VisualizerClusterBrowserTest.class);
  private static final Duration WAIT = Duration.ofMinutes(2);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int LIGHT = 47;
  private static final List<String> HOSTS =
      List.of("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5", "127.0.0.6");
  private static final List<String> ROLES = List.of("frontend", "backend", "gpu", "docs");
  private static final int CHATTY = 3;

  @Test
  void fiftyMembersAreGroupedSearchableAndTheBusiestLinksMarked(@TempDir Path dir)
      throws Exception {
    long started = System.nanoTime();
    try (LiveMesh mesh = LiveMesh.start(dir)) {
      // a slower availability beat than LiveMesh's 1 s: 50 members share two busy cores, and a
      // member late by three beats turns suspect
      LiveMesh.Member a = mesh.addAgent("agent-a", "availability-interval", "5s");
      mesh.addAgent("agent-b", "availability-interval", "5s");
      LiveMesh.Member c = mesh.addAgent("agent-c", "availability-interval", "5s");
      try (MeshCrowd crowd =
          MeshCrowd.start(
              LIGHT, HOSTS, ROLES, CHATTY, Multiaddr.parse(a.agent().multiaddrs().get(0)))) {
        List<String> chatty =
            crowd.members().stream()
                .filter(MeshCrowd.Member::chatty)
                .map(MeshCrowd.Member::peerId)
                .toList();
        // agent-a knows all 49 others by their capability broadcasts
        await()
            .atMost(WAIT)
            .untilAsserted(
                () ->
                    assertThat(
                            a.agent().view().peers().stream()
                                .filter(
                                    p ->
                                        p.state() != PeerTable.State.GONE
                                            && p.capabilities().isPresent())
                                .count())
                        .as(
                            () ->
                                "agent-a's peers: "
                                    + a.agent().view().peers().size()
                                    + " known, connections "
                                    + a.agent().view().health().connectedPeers()
                                    + ", states "
                                    + a.agent().view().peers().stream()
                                        .collect(
                                            Collectors.groupingBy(
                                                p -> p.state() + "/" + p.capabilities().isPresent(),
                                                Collectors.counting())))
                        .isEqualTo(LIGHT + 2));
        log.atInfo()
            .addKeyValue("seconds", Duration.ofNanos(System.nanoTime() - started).toSeconds())
            .log("agent-a knows all 49 other members");

        try (HeadlessChromium chromium =
            HeadlessChromium.start(Files.createDirectories(dir.resolve("browser")))) {
          chromium.open(a.api().visualizerUrl());

          // all 50, not capped, each under its own peer id
          await()
              .atMost(WAIT)
              .untilAsserted(
                  () -> {
                    assertThat(
                            chromium.evaluate("document.querySelectorAll('#nodes g.node').length"))
                        .isEqualTo("50");
                    assertThat(chromium.dom())
                        .contains("id=\"peer-count\">50<", "id=\"agent-count\">3<")
                        .contains("data-name=\"agent-a\"", "data-name=\"agent-b\"")
                        .contains("data-name=\"agent-c\"");
                  });
          String dom = chromium.dom();
          for (MeshCrowd.Member m : crowd.members()) {
            assertThat(dom).contains("data-peer=\"" + m.peerId() + "\"");
          }

          // grouped by role (auto above 16 members), then by host: one group per value, counted
          Map<String, Long> roles = expected(crowd, MeshCrowd.Member::role, "general");
          await().atMost(WAIT).untilAsserted(() -> assertThat(groups(chromium)).isEqualTo(roles));
          chromium.evaluate(
              "(s => { s.value = 'host'; s.dispatchEvent(new Event('change')); })"
                  + "(document.getElementById('group-by'))");
          Map<String, Long> hosts = expected(crowd, MeshCrowd.Member::host, "127.0.0.1");
          await().atMost(WAIT).untilAsserted(() -> assertThat(groups(chromium)).isEqualTo(hosts));

          // folding a group hides its members behind one circle with their count
          chromium.evaluate(
              "document.querySelector('g.group[data-group=\"127.0.0.2\"] rect.head')"
                  + ".dispatchEvent(new MouseEvent('click'))");
          String folded =
              crowd.members().stream()
                  .filter(m -> m.host().equals("127.0.0.2"))
                  .findFirst()
                  .orElseThrow()
                  .peerId();
          await()
              .atMost(WAIT)
              .untilAsserted(
                  () -> {
                    assertThat(chromium.dom())
                        .contains(
                            "data-group=\"127.0.0.2\" data-count=\"10\" data-collapsed=\"true\"")
                        .contains("class=\"agg-count\"");
                    assertThat(
                            chromium.evaluate(
                                "document.querySelector('g.node[data-peer=\""
                                    + folded
                                    + "\"]').getAttribute('display')"))
                        .isEqualTo("none");
                  });
          chromium.evaluate(
              "(s => { s.value = 'role'; s.dispatchEvent(new Event('change')); })"
                  + "(document.getElementById('group-by'))");

          // a task, found by its number: its row and the agent that did it
          long number = mesh.addScriptTask("Paint the cluster note", "cluster.txt");
          await()
              .atMost(WAIT)
              .untilAsserted(
                  () ->
                      assertThat(chromium.dom())
                          .contains(
                              "data-task=\"admin/demo#" + number + "\" data-stage=\"completed\""));
          chromium.type("#search", "#" + number);
          await()
              .atMost(WAIT)
              .untilAsserted(
                  () -> {
                    assertThat(chromium.dom())
                        .contains("class=\"task match\" data-task=\"admin/demo#" + number + "\"");
                    assertThat(
                            chromium.evaluate("document.querySelectorAll('g.node.match').length"))
                        .isEqualTo("1");
                  });

          // an agent found by name: highlighted, the others dimmed
          clearSearch(chromium);
          chromium.type("#search", "agent-c");
          String cId = c.agent().peerId();
          await()
              .atMost(WAIT)
              .untilAsserted(
                  () -> {
                    assertThat(
                            chromium.evaluate(
                                "document.getElementById('search-result').textContent"))
                        .isEqualTo("found agent-c");
                    assertThat(nodeClass(chromium, cId)).contains("match");
                    assertThat(nodeClass(chromium, a.agent().peerId())).contains("dim");
                  });

          // the busiest links are the chatty members', drawn thick and listed
          await()
              .atMost(WAIT)
              .untilAsserted(
                  () -> {
                    JsonNode busy =
                        JSON.readTree(
                            chromium.evaluate(
                                "JSON.stringify([...document.querySelectorAll('line.edge.busy')]"
                                    + ".map(e => e.dataset.edge))"));
                    assertThat(busy).hasSize(5);
                    for (JsonNode edge : busy) {
                      assertThat(chatty).anyMatch(id -> edge.asText().contains(id));
                    }
                    assertThat(chromium.evaluate("document.querySelectorAll('#busiest li').length"))
                        .isEqualTo("5");
                  });
          // the API's additive counts agree: agent-a counted each chatty member's messages
          JsonNode peers = JSON.readTree(get(a.api().baseUrl() + "/api/v1/mesh")).path("peers");
          for (JsonNode p : peers) {
            if (chatty.contains(p.path("peer_id").asText())) {
              assertThat(p.path("messages_received").asLong()).isGreaterThan(0);
              assertThat(p.path("multiaddrs").get(0).asText()).startsWith("/ip4/127.0.0.");
            }
          }

          // no layout per event: positions are computed when membership or grouping changes
          JsonNode stats = JSON.readTree(chromium.evaluate("JSON.stringify(window.bzzzStats)"));
          log.atInfo()
              .addKeyValue("frames", stats.path("frames").asLong())
              .addKeyValue("frame_ms_avg", stats.path("frameMsAvg").asDouble())
              .addKeyValue("frame_ms_max", stats.path("frameMsMax").asDouble())
              .addKeyValue("events", stats.path("events").asLong())
              .addKeyValue("event_ms_avg", stats.path("eventMsAvg").asDouble())
              .addKeyValue("layouts", stats.path("layouts").asLong())
              .log("visualizer with 50 members");
          assertThat(stats.path("events").asLong()).isGreaterThan(100);
          assertThat(stats.path("layouts").asLong() * 10).isLessThan(stats.path("events").asLong());

          Path png = Path.of("target", "visualizer-50.png").toAbsolutePath();
          chromium.screenshot(png);
          assertThat(Files.size(png)).isGreaterThan(10_000);
        }
      }
    }
    log.atInfo()
        .addKeyValue("seconds", Duration.ofNanos(System.nanoTime() - started).toSeconds())
        .log("cluster visualizer test done");
  }

  /** Members per group: the crowd's values plus the three agents under {@code agents}. */
  private static Map<String, Long> expected(
      MeshCrowd crowd, Function<MeshCrowd.Member, String> key, String agents) {
    return Stream.concat(crowd.members().stream().map(key), Stream.of(agents, agents, agents))
        .collect(Collectors.groupingBy(k -> k, TreeMap::new, Collectors.counting()));
  }

  private static Map<String, Long> groups(HeadlessChromium chromium) throws Exception {
    JsonNode list =
        JSON.readTree(
            chromium.evaluate(
                "JSON.stringify([...document.querySelectorAll('#groups g.group')]"
                    + ".map(g => [g.dataset.group, g.dataset.count]))"));
    Map<String, Long> out = new TreeMap<>();
    list.forEach(g -> out.put(g.get(0).asText(), g.get(1).asLong()));
    return out;
  }

  private static String get(String url) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(
              HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
          .body();
    }
  }

  private static String nodeClass(HeadlessChromium chromium, String peerId) {
    return chromium.evaluate(
        "document.querySelector('g.node[data-peer=\"" + peerId + "\"]').getAttribute('class')");
  }

  private static void clearSearch(HeadlessChromium chromium) {
    chromium.evaluate(
        "(s => { s.value = ''; s.dispatchEvent(new Event('input')); })"
            + "(document.getElementById('search'))");
  }
}
