package io.bzzz.cli.p2p;

import io.bzzz.cli.common.BzzzVersion;
import io.bzzz.cli.common.CliFailure;
import io.bzzz.cli.common.NodeOptions;
import io.bzzz.p2p.crypto.IdentityFile;
import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.discovery.bootstrap.BootstrapConfig;
import io.bzzz.p2p.discovery.bootstrap.DnsDiscoveryConfig;
import io.bzzz.p2p.discovery.mdns.PeerNames;
import io.bzzz.p2p.host.BasicHost;
import io.bzzz.p2p.host.HostConfig;
import io.bzzz.p2p.host.MeshAccess;
import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.p2p.node.NodeConfig;
import io.bzzz.p2p.node.P2pNode;
import io.bzzz.p2p.node.RejoinConfig;
import io.bzzz.p2p.security.pnet.SwarmKey;
import io.bzzz.wire.MalformedInputException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

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
    Optional<Duration> retry = options.mdnsRetry();
    if (retry.isPresent()) {
      config = config.withMdns(config.mdns().map(m -> m.withRetry(retry.get())));
    }
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

  /**
   * The --bootstrap-url sources and the peer cache {@code D/peers.json}: a node remembers the peers
   * it was connected to and redials them after a restart.
   */
  static RejoinConfig rejoin(NodeOptions options, Path dataDir) {
    List<URI> urls = new ArrayList<>();
    for (String text : options.bootstrapUrls()) {
      URI url;
      try {
        url = new URI(text);
      } catch (URISyntaxException e) {
        throw new CliFailure("--bootstrap-url: not a URL: " + text, 2);
      }
      if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme()))
          || url.getHost() == null) {
        throw new CliFailure(
            "--bootstrap-url: expected http://HOST:PORT/api/v1/bootstrap-peers, got " + text, 2);
      }
      urls.add(url);
    }
    return RejoinConfig.none()
        .withBootstrapUrls(urls)
        .withPeerCache(Optional.of(dataDir.resolve(PEER_CACHE)));
  }

  /** The peer cache's file in the data directory. */
  public static final String PEER_CACHE = "peers.json";

  /** Starts discovery on {@code host}; the returned node owns the host. */
  static P2pNode discovery(BasicHost host, NodeConfig config) {
    try {
      return P2pNode.start(host, config, InstantSource.system(), new SecureRandom());
    } catch (IOException e) {
      throw new CliFailure("cannot start discovery: " + e.getMessage());
    }
  }

  /** --psk and --allow-peer: who may connect. */
  static MeshAccess access(NodeOptions options) {
    Set<PeerId> allowed = new LinkedHashSet<>();
    for (String id : options.allowPeers()) {
      try {
        allowed.add(PeerId.parse(id.strip()));
      } catch (MalformedInputException e) {
        throw new CliFailure("--allow-peer: not a peer id: " + id, 2);
      }
    }
    Optional<SwarmKey> key = Optional.empty();
    if (options.psk().isPresent()) {
      try {
        key = Optional.of(SwarmKey.load(options.psk().get()));
      } catch (IOException e) {
        throw new CliFailure(e.getMessage(), 2);
      }
    }
    return new MeshAccess(key, allowed);
  }

  static BasicHost start(PrivateKey identity, List<Multiaddr> listen, Duration dialTimeout) {
    return start(identity, listen, dialTimeout, MeshAccess.open());
  }

  static BasicHost start(
      PrivateKey identity, List<Multiaddr> listen, Duration dialTimeout, MeshAccess access) {
    HostConfig config =
        HostConfig.builder(identity)
            .listen(listen)
            .access(access)
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
