package io.bzzz.p2p.discovery.mdns;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Five hosts, each in its own network namespace on one bridge (no loopback shortcut: every packet
 * crosses a veth), find each other by mDNS within 5 seconds.
 */
@Tag("netns")
class MdnsNetnsTest {
  private static final int HOSTS = 5;

  @Test
  void fiveHostsOnABridgeFindEachOtherWithinFiveSeconds() {
    try (NetnsLan lan = NetnsLan.create(HOSTS)) {
      List<ChildProcess> probes = new ArrayList<>();
      try {
        for (int i = 0; i < HOSTS; i++) {
          probes.add(probe(lan, i));
        }
        Set<String> ids = new HashSet<>();
        for (ChildProcess p : probes) {
          ids.add(p.awaitLine(l -> l.startsWith("id "), Duration.ofSeconds(60)).substring(3));
        }
        long start = System.nanoTime();
        for (int i = 0; i < HOSTS; i++) {
          ChildProcess p = probes.get(i);
          Set<String> found = new HashSet<>();
          while (found.size() < HOSTS - 1) {
            long left = Duration.ofSeconds(5).toNanos() - (System.nanoTime() - start);
            String line =
                p.awaitLine(l -> l.startsWith("found "), Duration.ofNanos(Math.max(left, 1)));
            String peer = line.split(" ")[1];
            assertThat(ids).contains(peer);
            found.add(peer);
            assertThat(line).contains("/ip4/" + NetnsLan.SUBNET_PREFIX);
          }
        }
      } finally {
        probes.forEach(ChildProcess::close);
      }
    }
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
                MdnsProbe.class.getName(),
                lan.address(host)));
    return ChildProcess.start("mdns probe " + host, RepoRoot.path(), Map.of(), cmd);
  }
}
