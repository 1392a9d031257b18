package io.bzzz.p2p.node;

import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.discovery.bootstrap.BootstrapConfig;
import io.bzzz.p2p.discovery.bootstrap.DnsDiscoveryConfig;
import io.bzzz.p2p.discovery.kad.KadConfig;
import io.bzzz.p2p.discovery.mdns.MdnsConfig;
import io.bzzz.p2p.host.MeshAccess;
import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.p2p.pubsub.host.GossipsubService;
import java.util.List;
import java.util.Optional;

/**
 * How a node is composed: identity, listen addresses and which discovery sources run. The CLI and
 * the agent translate their options into this record and nothing else.
 *
 * @param identity the node's key
 * @param listen TCP listen addresses ({@code /ip4/0.0.0.0/tcp/0} by default)
 * @param bootstrap bootstrap peers and connection water marks
 * @param mdns mDNS settings, or empty for {@code --no-mdns}
 * @param kad Kademlia settings, or empty to run without a DHT
 * @param dns DNS names listing every replica of a service ({@code tasks.<service>}, a headless
 *     Service), or empty
 * @param agentVersion what identify tells peers we run, e.g. {@code bzzz/0.1.0}
 * @param gossip gossipsub settings, or empty for a node without pubsub (a bare {@code bzzz node})
 * @param rejoin bootstrap URLs and the peer cache
 * @param access the private network's key and the peer allow-list (for the host {@link
 *     P2pNode#start(NodeConfig)} builds)
 */
public record NodeConfig(
    PrivateKey identity,
    List<Multiaddr> listen,
    BootstrapConfig bootstrap,
    Optional<MdnsConfig> mdns,
    Optional<KadConfig> kad,
    Optional<DnsDiscoveryConfig> dns,
    String agentVersion,
    Optional<GossipsubService.Options> gossip,
    RejoinConfig rejoin,
    MeshAccess access) {
  public static final Multiaddr DEFAULT_LISTEN = Multiaddr.parse("/ip4/0.0.0.0/tcp/0");

  public NodeConfig {
    listen = List.copyOf(listen);
    if (listen.isEmpty()) {
      throw new IllegalArgumentException("a node needs at least one listen address");
    }
  }

  /**
   * Defaults: listen on every interface; mDNS and kad on; no bootstrap peers; no gossipsub (add it
   * with {@link #withGossip}, e.g. {@code Optional.of(GossipsubService.Options.defaults())}).
   */
  public static NodeConfig defaults(PrivateKey identity, String mdnsPeerName) {
    return new NodeConfig(
        identity,
        List.of(DEFAULT_LISTEN),
        BootstrapConfig.of(List.of()),
        Optional.of(MdnsConfig.defaults(mdnsPeerName)),
        Optional.of(KadConfig.defaults()),
        Optional.empty(),
        "bzzz/dev",
        Optional.empty(),
        RejoinConfig.none(),
        MeshAccess.open());
  }

  public NodeConfig withListen(List<Multiaddr> addresses) {
    return new NodeConfig(
        identity, addresses, bootstrap, mdns, kad, dns, agentVersion, gossip, rejoin, access);
  }

  public NodeConfig withBootstrap(BootstrapConfig config) {
    return new NodeConfig(
        identity, listen, config, mdns, kad, dns, agentVersion, gossip, rejoin, access);
  }

  public NodeConfig withMdns(Optional<MdnsConfig> config) {
    return new NodeConfig(
        identity, listen, bootstrap, config, kad, dns, agentVersion, gossip, rejoin, access);
  }

  public NodeConfig withKad(Optional<KadConfig> config) {
    return new NodeConfig(
        identity, listen, bootstrap, mdns, config, dns, agentVersion, gossip, rejoin, access);
  }

  public NodeConfig withAgentVersion(String version) {
    return new NodeConfig(
        identity, listen, bootstrap, mdns, kad, dns, version, gossip, rejoin, access);
  }

  public NodeConfig withGossip(Optional<GossipsubService.Options> options) {
    return new NodeConfig(
        identity, listen, bootstrap, mdns, kad, dns, agentVersion, options, rejoin, access);
  }

  public NodeConfig withDns(Optional<DnsDiscoveryConfig> config) {
    return new NodeConfig(
        identity, listen, bootstrap, mdns, kad, config, agentVersion, gossip, rejoin, access);
  }

  public NodeConfig withRejoin(RejoinConfig config) {
    return new NodeConfig(
        identity, listen, bootstrap, mdns, kad, dns, agentVersion, gossip, config, access);
  }

  public NodeConfig withAccess(MeshAccess config) {
    return new NodeConfig(
        identity, listen, bootstrap, mdns, kad, dns, agentVersion, gossip, rejoin, config);
  }
}
