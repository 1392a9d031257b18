package io.bzzz.cli.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bzzz.testing.ChildProcess;
import io.bzzz.testing.NetnsLan;
import io.bzzz.testing.RepoRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code bzzz node} started while its host's only LAN interface is down: it starts without mDNS
 * (one warning) instead of exiting, and once the link is up it starts mDNS and finds the node on
 * the other host. Two network namespaces on one bridge.
 */
@Tag("netns")
class NodeLinkDownNetnsTest {
  @TempDir Path dir;

  @Test
  void aNodeStartedWithItsLinkDownRunsWithoutMdnsAndFindsPeersOnceTheLinkIsUp() throws Exception {
    try (NetnsLan lan = NetnsLan.create(2)) {
      lan.link(1, false);
      try (ChildProcess up = node(lan, 0);
          ChildProcess late = node(lan, 1)) {
        String upAddress =
            up.awaitLineStartingWith(
                "/ip4/" + lan.address(0) + "/tcp/4001/p2p/", Duration.ofSeconds(60));
        String upId = upAddress.substring(upAddress.lastIndexOf('/') + 1);
        logged(late, l -> l.contains("mDNS unavailable"), Duration.ofSeconds(60));
        // it runs: it printed its addresses and did not exit
        late.awaitLineStartingWith("/ip4/", Duration.ofSeconds(60));
        assertThat(late.process().isAlive()).as(late.describe()).isTrue();

        lan.link(1, true);
        logged(late, l -> l.contains("mDNS started after all"), Duration.ofSeconds(30));
        logged(
            late, l -> l.contains("mDNS found peer") && l.contains(upId), Duration.ofSeconds(30));
        assertThat(late.stderrLines().stream().filter(l -> l.contains("mDNS unavailable")))
            .as("one warning, not one per retry")
            .hasSize(1);
      }
    }
  }

  private static void logged(ChildProcess p, Predicate<String> line, Duration within) {
    await()
        .atMost(within)
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> assertThat(p.stderrLines()).as(p.describe()).anyMatch(line));
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
                "/ip4/0.0.0.0/tcp/4001",
                "--mdns-retry",
                "1"));
    return ChildProcess.start(
        "bzzz node in " + lan.namespace(host),
        RepoRoot.path(),
        Map.of("BZZZ_LOG_LEVEL", "INFO", "BZZZ_TEST_LOG", "INFO"),
        cmd);
  }
}
