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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    Phases phases = new Phases();
    try (LiveMesh mesh = LiveMesh.start(dir)) {
      // a slower availability beat than LiveMesh's 1 s: 50 members share two busy cores, and a
      // member late by three beats turns suspect
      LiveMesh.Member a = mesh.addAgent("agent-a", "availability-interval", "5s");
      mesh.addAgent("agent-b", "availability-interval", "5s");
      LiveMesh.Member c = mesh.addAgent("agent-c", "availability-interval", "5s");
      phases.mark("3 agents up");
      try (MeshCrowd crowd =
          MeshCrowd.start(
              LIGHT, HOSTS, ROLES, CHATTY, Multiaddr.parse(a.agent().multiaddrs().get(0)))) {
        phases.mark("47 light members up");
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
                                phases
                                    + "; crowd published "
                                    + crowd.published()
                                    + " ("
                                    + crowd.unsent()
                                    + " to no peer); agent-a received "
                                    + a.agent().view().mesh().receivedFrom().values().stream()
                                        .mapToLong(Long::longValue)
                                        .sum()
                                    + "; agent-a's peers: "
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
        phases.mark("agent-a knows the 49 others");

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
          phases.mark("page shows 50");
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
          phases.mark("grouped by role, by host");

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
          phases.mark("folded");
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
          phases.mark("task completed on the page");
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
          phases.mark("found by number, by name");

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
          phases.mark("busiest links");
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
          String report =
              "visualizer with 50 members: %s; page: %d frames, %.2f ms avg (max %.1f), %d events,"
                      .formatted(
                          phases,
                          stats.path("frames").asLong(),
                          stats.path("frameMsAvg").asDouble(),
                          stats.path("frameMsMax").asDouble(),
                          stats.path("events").asLong())
                  + " %.3f ms avg, %d layouts; crowd published %d"
                      .formatted(
                          stats.path("eventMsAvg").asDouble(),
                          stats.path("layouts").asLong(),
                          crowd.published());
          System.out.println(report); // bzzz-api tests log nothing: the figures go to stdout
          assertThat(stats.path("events").asLong()).as(report).isGreaterThan(100);
          assertThat(stats.path("layouts").asLong() * 10)
              .as(report)
              .isLessThan(stats.path("events").asLong());

          Path png = Path.of("target", "visualizer-50.png").toAbsolutePath();
          chromium.screenshot(png);
          assertThat(Files.size(png)).isGreaterThan(10_000);
          phases.mark("screenshot");
          System.out.println("visualizer with 50 members, wall time: " + phases);
        }
      }
    }
  }

  /** Wall time from the start of the test to each step, for the report. */
  private static final class Phases {
    private final long start = System.nanoTime();
    private final Map<String, Long> marks = new LinkedHashMap<>();

    void mark(String step) {
      marks.put(step, System.nanoTime() - start);
    }

    @Override
    public String toString() {
      return marks.entrySet().stream()
          .map(e -> "%s at %.1f s".formatted(e.getKey(), e.getValue() / 1e9))
          .collect(Collectors.joining(", "));
    }
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
