package io.bzzz.cli.p2p;

import io.bzzz.cli.common.BzzzVersion;
import io.bzzz.cli.common.CliFailure;
import io.bzzz.cli.common.NodeOptions;
import io.bzzz.p2p.crypto.IdentityFile;
import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.discovery.bootstrap.BootstrapConfig;
import io.bzzz.p2p.discovery.bootstrap.DnsDiscoveryConfig;
import io.bzzz.p2p.discovery.mdns.PeerNames;
import io.bzzz.p2p.host.BasicHost;
import io.bzzz.p2p.host.HostConfig;
import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.p2p.node.NodeConfig;
import io.bzzz.p2p.node.P2pNode;
import io.bzzz.wire.MalformedInputException;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Turns command-line values into an identity, multiaddrs and a started host. */
final class NodeFactory {
  private NodeFactory() {}

  static PrivateKey identity(Path dataDir) {
    try {
      return IdentityFile.loadOrCreate(dataDir);
    } catch (IOException e) {
      throw new CliFailure(e.getMessage());
    }
  }

  static Multiaddr multiaddr(String text) {
    try {
      return Multiaddr.parse(text);
    } catch (MalformedInputException e) {
      throw new CliFailure("invalid multiaddr: " + e.getMessage(), 2);
    }
  }

  /**
   * The node composition for the node options (DESIGN §7): mDNS unless --no-mdns, kad, bootstrap,
   * DNS discovery with --dns-discovery.
   */
  static NodeConfig nodeConfig(
      PrivateKey identity, List<Multiaddr> listen, List<Multiaddr> bootstrap, NodeOptions options) {
    NodeConfig config =
        NodeConfig.defaults(identity, PeerNames.random(new SecureRandom()))
            .withListen(listen)
            .withBootstrap(BootstrapConfig.of(bootstrap))
            .withAgentVersion("bzzz/" + BzzzVersion.version());
    config = config.withDns(dnsDiscovery(listen, options));
    return options.mdns() ? config : config.withMdns(Optional.empty());
  }

  /** The --dns-discovery names with their port: the option, else the first TCP listen port. */
  static Optional<DnsDiscoveryConfig> dnsDiscovery(List<Multiaddr> listen, NodeOptions options) {
    if (options.dnsDiscovery().isEmpty()) {
      return Optional.empty();
    }
    int port =
        options
            .dnsDiscoveryPort()
            .or(
                () -> {
                  OptionalInt p = DnsDiscoveryConfig.listenPort(listen);
                  return p.isPresent() ? Optional.of(p.getAsInt()) : Optional.empty();
                })
            .orElseThrow(
                () ->
                    new CliFailure(
                        "--dns-discovery needs --dns-discovery-port when the first --listen"
                            + " address has no fixed TCP port: peers cannot know an ephemeral"
                            + " port",
                        2));
    if (port < 1 || port > 65535) {
      throw new CliFailure("--dns-discovery-port: " + port + " is not in 1..65535", 2);
    }
    if (options.dnsDiscovery().stream().anyMatch(String::isBlank)) {
      throw new CliFailure("--dns-discovery: expected a DNS name", 2);
    }
    return Optional.of(DnsDiscoveryConfig.of(options.dnsDiscovery(), port));
  }

  /** Starts discovery on {@code host}; the returned node owns the host. */
  static P2pNode discovery(BasicHost host, NodeConfig config) {
    try {
      return P2pNode.start(host, config, InstantSource.system(), new SecureRandom());
    } catch (IOException e) {
      throw new CliFailure("cannot start discovery: " + e.getMessage());
    }
  }

  static BasicHost start(PrivateKey identity, List<Multiaddr> listen, Duration dialTimeout) {
    HostConfig config =
        HostConfig.builder(identity)
            .listen(listen)
            .agentVersion("bzzz/" + BzzzVersion.version())
            .dialTimeout(dialTimeout)
            .build();
    try {
      return BasicHost.start(config);
    } catch (IOException e) {
      throw new CliFailure(e.getMessage());
    }
  }
}
