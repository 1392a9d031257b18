package io.bzzz.cli.p2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bzzz.cli.common.CliFailure;
import io.bzzz.cli.testing.BzzzCli;
import io.bzzz.p2p.discovery.bootstrap.DnsDiscoveryConfig;
import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.testing.ChildProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code bzzz node --dns-discovery NAME [--dns-discovery-port PORT]}: parsing and defaults. */
class NodeDnsDiscoveryOptionsTest {
  @TempDir Path dir;

  private static NodeCommand parse(String... args) {
    NodeCommand command = new NodeCommand();
    new CommandLine(command).parseArgs(args);
    return command;
  }

  private static Optional<DnsDiscoveryConfig> dns(NodeCommand command) {
    List<Multiaddr> listen = command.node.listen().stream().map(Multiaddr::parse).toList();
    return NodeFactory.dnsDiscovery(listen, command.node);
  }

  @Test
  void repeatableNamesWithTheirPort() {
    NodeCommand command =
        parse(
            "--no-mdns",
            "--dns-discovery",
            "tasks.bzzz_agent",
            "--dns-discovery",
            "bzzz-agent",
            "--dns-discovery-port",
            "4001");
    DnsDiscoveryConfig config = dns(command).orElseThrow();
    assertThat(config.names()).containsExactly("tasks.bzzz_agent", "bzzz-agent");
    assertThat(config.port()).isEqualTo(4001);
    assertThat(config.interval()).isEqualTo(DnsDiscoveryConfig.DEFAULT_INTERVAL);
    assertThat(config.redial()).isEqualTo(DnsDiscoveryConfig.DEFAULT_REDIAL);
  }

  @Test
  void thePortDefaultsToTheFirstTcpListenPort() {
    NodeCommand command =
        parse(
            "--listen",
            "/ip4/0.0.0.0/tcp/4101",
            "--listen",
            "/ip6/::/tcp/4102",
            "--dns-discovery",
            "tasks.bzzz");
    assertThat(dns(command).orElseThrow().port()).isEqualTo(4101);
    assertThat(dns(parse("--listen", "/ip4/0.0.0.0/tcp/4101"))).isEmpty();
  }

  @Test
  void anEphemeralListenPortNeedsThePortFlag() {
    assertThatThrownBy(() -> dns(parse("--dns-discovery", "tasks.bzzz")))
        .isInstanceOf(CliFailure.class)
        .hasMessageContaining("--dns-discovery-port")
        .hasMessageContaining("ephemeral");
    assertThatThrownBy(
            () -> dns(parse("--dns-discovery", "tasks.bzzz", "--dns-discovery-port", "70000")))
        .isInstanceOf(CliFailure.class)
        .hasMessage("--dns-discovery-port: 70000 is not in 1..65535");
  }

  @Test
  void theRealCommandRefusesAnEphemeralPortInOneLineBeforeListening() {
    try (ChildProcess p =
        BzzzCli.start(
            "node",
            "--data-dir",
            dir.resolve("data").toString(),
            "--no-mdns",
            "--dns-discovery",
            "tasks.bzzz")) {
      assertThat(p.awaitExit(Duration.ofSeconds(90))).as(p.describe()).isEqualTo(2);
      assertThat(p.stdoutLines()).isEmpty();
      assertThat(p.stderrLines())
          .containsExactly(
              "bzzz node: --dns-discovery needs --dns-discovery-port when the first --listen"
                  + " address has no fixed TCP port: peers cannot know an ephemeral port");
    }
  }
}
