package io.bzzz.cli.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bzzz.testing.ChildProcess;
import io.bzzz.testing.NetnsLan;
import io.bzzz.testing.RepoRoot;
import java.nio.file.Files;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * Five {@code bzzz node} processes, each in its own network namespace on one bridge, find each
 * other by mDNS within 5 seconds of the last one listening, and connect (every pair).
 */
@Tag("netns")
class NodeNetnsTest {
  private static final int HOSTS = 5;
  private static final String FOUND = "mDNS found peer";
  private static final String DIALED = "connected to discovered peer";
  private static final Pattern PEER = Pattern.compile("peer=\"?(12D3KooW\\w+)");

  @TempDir Path dir;

  @Test
  void fiveNodesOnABridgeFindEachOtherByMdnsAndConnect() throws Exception {
    try (NetnsLan lan = NetnsLan.create(HOSTS)) {
      List<ChildProcess> nodes = new ArrayList<>();
      try {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < HOSTS; i++) {
          nodes.add(node(lan, i));
        }
        for (int i = 0; i < HOSTS; i++) {
          String address =
              nodes
                  .get(i)
                  .awaitLineStartingWith(
                      "/ip4/" + lan.address(i) + "/tcp/4001/p2p/", Duration.ofSeconds(60));
          ids.add(address.substring(address.lastIndexOf('/') + 1));
        }
        await()
            .atMost(Duration.ofSeconds(5))
            .pollInterval(Duration.ofMillis(100))
            .untilAsserted(
                () -> {
                  for (int i = 0; i < HOSTS; i++) {
                    Set<String> others = new HashSet<>(ids);
                    others.remove(ids.get(i));
                    assertThat(matches(nodes.get(i), FOUND))
                        .as("peers node %d found by mDNS; %s", i, nodes.get(i).describe())
                        .containsAll(others);
                  }
                });
        // Every pair connected: one side of each pair dialed the other.
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () -> {
                  Set<String> pairs = new HashSet<>();
                  for (int i = 0; i < HOSTS; i++) {
                    for (String peer : matches(nodes.get(i), DIALED)) {
                      pairs.add(pair(ids.get(i), peer));
                    }
                  }
                  assertThat(pairs).hasSize(HOSTS * (HOSTS - 1) / 2);
                });
      } finally {
        nodes.forEach(ChildProcess::close);
      }
    }
  }

  private static String pair(String a, String b) {
    return a.compareTo(b) < 0 ? a + "-" + b : b + "-" + a;
  }

  /** Peer ids in the log lines of {@code p} that carry {@code message}. */
  private static Set<String> matches(ChildProcess p, String message) {
    Set<String> out = new HashSet<>();
    for (String line : p.stderrLines()) {
      Matcher m = PEER.matcher(line);
      if (line.contains(message) && m.find()) {
        out.add(m.group(1));
      }
    }
    return out;
  }

  private ChildProcess node(NetnsLan lan, int host) throws Exception {
    Path data = Files.createDirectories(dir.resolve("node" + host));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> cmd =
        lan.inNamespace(
            host,
            List.of(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "io.bzzz.cli.Bzzz",
                "node",
                "--data-dir",
                data.toString(),
                "--listen",
                "/ip4/0.0.0.0/tcp/4001"));
    return ChildProcess.start(
        "bzzz node in " + lan.namespace(host),
        RepoRoot.path(),
        Map.of("BZZZ_LOG_LEVEL", "INFO", "BZZZ_TEST_LOG", "INFO"),
        cmd);
  }
}
