package io.bzzz.cli.p2p;

import io.bzzz.cli.common.BzzzVersion;
import io.bzzz.cli.common.CliFailure;
import io.bzzz.cli.common.NodeOptions;
import io.bzzz.p2p.crypto.IdentityFile;
import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.discovery.bootstrap.BootstrapConfig;
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
   * The node composition for the node options (DESIGN §7): mDNS unless --no-mdns, kad, bootstrap.
   */
  static NodeConfig nodeConfig(
      PrivateKey identity, List<Multiaddr> listen, List<Multiaddr> bootstrap, NodeOptions options) {
    NodeConfig config =
        NodeConfig.defaults(identity, PeerNames.random(new SecureRandom()))
            .withListen(listen)
            .withBootstrap(BootstrapConfig.of(bootstrap))
            .withAgentVersion("bzzz/" + BzzzVersion.version());
    return options.mdns() ? config : config.withMdns(Optional.empty());
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
