package io.bzzz.p2p.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bzzz.testing.ChildProcess;
import io.bzzz.testing.NetnsLan;
import io.bzzz.testing.RepoRoot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Five nodes, each in its own network namespace on one bridge (every packet crosses a veth; no
 * configuration but mDNS), find each other by mDNS within 5 seconds, connect, and exchange
 * gossipsub messages.
 */
@Tag("netns")
class MeshNetnsTest {
  private static final int HOSTS = 5;
  private static final String TOPIC = "bzzz/coordination/v1";
  private static final Pattern PEER = Pattern.compile("peer=\"?(12D3KooW\\w+)");
  private static final Duration STARTUP = Duration.ofSeconds(90); // five JVMs on a loaded machine

  @Test
  void fiveHostsOnABridgeFindEachOtherWithinFiveSecondsAndExchangeMessages() {
    try (NetnsLan lan = NetnsLan.create(HOSTS)) {
      List<ChildProcess> nodes = new ArrayList<>();
      try {
        for (int i = 0; i < HOSTS; i++) {
          nodes.add(probe(lan, i));
        }
        List<String> ids = new ArrayList<>();
        for (ChildProcess p : nodes) {
          ids.add(p.awaitLine(l -> l.startsWith("id "), STARTUP).substring(3));
        }
        // Discovery: from the moment the last node is up, every node has found every other one
        // by mDNS within 5 s (the "mDNS found peer" log line, logged once per peer).
        Set<String> everyone = new HashSet<>(ids);
        await()
            .atMost(Duration.ofSeconds(5))
            .pollInterval(Duration.ofMillis(50))
            .untilAsserted(
                () -> {
                  for (int i = 0; i < HOSTS; i++) {
                    Set<String> others = new HashSet<>(everyone);
                    others.remove(ids.get(i));
                    assertThat(foundByMdns(nodes.get(i)))
                        .as("found by node %d", i)
                        .containsAll(others);
                  }
                });
        // Then they connect and join the topic (handshakes on a loaded machine take a while).
        for (int i = 0; i < HOSTS; i++) {
          Set<String> peers = new HashSet<>();
          while (peers.size() < HOSTS - 1) {
            peers.add(nodes.get(i).awaitLine(l -> l.startsWith("peer "), STARTUP).substring(5));
          }
        }
        // Messages: each node publishes one; every other node receives all four.
        for (int i = 0; i < HOSTS; i++) {
          nodes.get(i).writeLine("hello from " + i);
        }
        for (int i = 0; i < HOSTS; i++) {
          Set<String> got = new HashSet<>();
          while (got.size() < HOSTS - 1) {
            String line =
                nodes.get(i).awaitLine(l -> l.startsWith("message "), Duration.ofSeconds(30));
            got.add(line.substring(line.indexOf(' ', 8) + 1));
          }
          for (int j = 0; j < HOSTS; j++) {
            if (j != i) {
              assertThat(got).contains("hello from " + j);
            }
          }
        }
      } finally {
        nodes.forEach(ChildProcess::close);
      }
    }
  }

  private static Set<String> foundByMdns(ChildProcess node) {
    Set<String> out = new HashSet<>();
    for (String line : node.stderrLines()) {
      Matcher m = PEER.matcher(line);
      if (line.contains("mDNS found peer") && m.find()) {
        out.add(m.group(1));
      }
    }
    return out;
  }

  private static ChildProcess probe(NetnsLan lan, int host) {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> cmd =
        lan.inNamespace(
            host,
            List.of(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                NodeProbe.class.getName(),
                lan.address(host),
                TOPIC));
    // INFO logs (discovery and connections, with times) go to stderr for failure reports.
    return ChildProcess.start(
        "node probe " + host, RepoRoot.path(), Map.of("BZZZ_TEST_LOG", "INFO"), cmd);
  }
}
