package io.bzzz.p2p.node;

import io.bzzz.p2p.Host;
import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.discovery.bootstrap.BootstrapManager;
import io.bzzz.p2p.discovery.bootstrap.BootstrapUrlSource;
import io.bzzz.p2p.discovery.bootstrap.DnsDiscoveryConfig;
import io.bzzz.p2p.discovery.bootstrap.DnsReplicaSource;
import io.bzzz.p2p.discovery.bootstrap.PeerCache;
import io.bzzz.p2p.discovery.kad.KadDht;
import io.bzzz.p2p.discovery.mdns.LateMdns;
import io.bzzz.p2p.host.BasicHost;
import io.bzzz.p2p.host.HostConfig;
import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.p2p.pubsub.host.GossipsubService;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A host composed with discovery: bootstrap peers and water marks, mDNS, Kademlia and the Swarm DNS
 * source, with every peer they find dialed. The single place where the CLI and the agent get a node
 * from, so both build it the same way. Owns the host and every service; {@link #close} stops them
 * in reverse order of start.
 */
public final class P2pNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(P2pNode.class);

  private final Host host;
  private final List<AutoCloseable> services = new ArrayList<>();
  private Optional<KadDht> kad = Optional.empty();
  private Optional<GossipsubService> gossip = Optional.empty();
  private Optional<BootstrapManager> bootstrap = Optional.empty();
  private Optional<PeerCache> cache = Optional.empty();

  /** How often the peer cache is written when it changed (and once more at close). */
  static final Duration CACHE_SAVE = Duration.ofSeconds(30);

  private P2pNode(Host host) {
    this.host = host;
  }

  /** Starts a host as {@code config} says (default host settings) and discovery on it. */
  public static P2pNode start(NodeConfig config) throws IOException {
    Host host =
        BasicHost.start(
            HostConfig.builder(config.identity())
                .listen(config.listen())
                .agentVersion(config.agentVersion())
                .access(config.access())
                .build());
    return start(host, config, InstantSource.system(), new SecureRandom());
  }

  /**
   * As {@link #start(Host, NodeConfig, InstantSource, RandomGenerator, DnsReplicaSource.Resolver)}
   * with the system resolver.
   */
  public static P2pNode start(
      Host host, NodeConfig config, InstantSource clock, RandomGenerator random)
      throws IOException {
    return start(host, config, clock, random, DnsReplicaSource.Resolver.system());
  }

  /**
   * Starts discovery on a started host and takes ownership of it: closing the node closes the host.
   * If a service fails to start, whatever started is closed, the host too.
   */
  public static P2pNode start(
      Host host,
      NodeConfig config,
      InstantSource clock,
      RandomGenerator random,
      DnsReplicaSource.Resolver resolver)
      throws IOException {
    P2pNode node = new P2pNode(host);
    try {
      node.startServices(config, clock, random, resolver);
    } catch (IOException | RuntimeException e) {
      node.close();
      throw e;
    }
    return node;
  }

  private void startServices(
      NodeConfig config,
      InstantSource clock,
      RandomGenerator random,
      DnsReplicaSource.Resolver resolver)
      throws IOException {
    // Pubsub first: its protocols are then in identify when discovery's first connections come.
    if (config.gossip().isPresent()) {
      GossipsubService service = GossipsubService.start(host, config.gossip().get());
      services.add(service);
      gossip = Optional.of(service);
    }
    DiscoveryDialer dialer = new DiscoveryDialer(host, config.bootstrap().highWater());
    services.add(dialer);
    // Kad next, before anything dials: a peer that identifies us without the kad protocol keeps
    // us out of its routing table (see BasicHost#pushIdentify for connections already open).
    if (config.kad().isPresent()) {
      KadDht dht = KadDht.start(host, config.kad().get(), dialer, random, clock);
      services.add(dht);
      kad = Optional.of(dht);
    }
    BootstrapManager manager = BootstrapManager.start(host, config.bootstrap(), clock, random);
    services.add(manager);
    bootstrap = Optional.of(manager);
    kad.ifPresent(dht -> dht.holdWalksWhile(manager::connectingListedReplicas));
    // DNS discovery before mDNS, whose sockets take a while to open: a replica that starts late in
    // a cluster should dial the others as soon as it can.
    if (config.dns().isPresent()) {
      DnsDiscoveryConfig dns = config.dns().get();
      for (String name : dns.names()) {
        services.add(
            DnsReplicaSource.start(
                name,
                dns.port(),
                resolver,
                this::ownIps,
                (replicas, dialSecond) ->
                    manager.setDnsAddresses(name, replicas, dialSecond, dns.redial()),
                dns.interval()));
      }
    }
    if (config.mdns().isPresent()) {
      // a node whose link is down starts without mDNS and tries it again later
      services.add(
          LateMdns.start(
              config.mdns().get(), host.peerId(), host::advertisedAddresses, dialer, clock));
    }
    startRejoin(config, clock, random, manager);
    log.atInfo()
        .addKeyValue("peer", host.peerId())
        .addKeyValue("addresses", host.advertisedAddresses())
        .addKeyValue("mdns", config.mdns().isPresent())
        .addKeyValue("kad", config.kad().map(k -> k.protocol()).orElse("off"))
        .addKeyValue("gossip", config.gossip().isPresent())
        .addKeyValue("bootstrap", config.bootstrap().peers().size())
        .addKeyValue("dns", config.dns().map(DnsDiscoveryConfig::names).orElse(List.of()))
        .addKeyValue("bootstrap_urls", config.rejoin().bootstrapUrls().size())
        .addKeyValue("peer_cache", cache.map(c -> c.peers().size()).orElse(0))
        .log("node started");
  }

  /**
   * The peer cache first, so the peers it remembers are dialed at once, then one source per
   * bootstrap URL; every peer either names becomes a bootstrap address.
   */
  private void startRejoin(
      NodeConfig config, InstantSource clock, RandomGenerator random, BootstrapManager manager) {
    RejoinConfig rejoin = config.rejoin();
    if (rejoin.peerCache().isPresent()) {
      PeerCache peers = PeerCache.start(rejoin.peerCache().get(), host, clock, CACHE_SAVE);
      services.add(peers);
      cache = Optional.of(peers);
      manager.addAddresses(peers.addresses());
    }
    for (URI url : rejoin.bootstrapUrls()) {
      services.add(
          BootstrapUrlSource.start(
              url,
              rejoin.urlInterval(),
              rejoin.urlBackoff(),
              random,
              peers ->
                  manager.addAddresses(
                      peers.stream()
                          .filter(p -> !p.id().equals(host.peerId()))
                          .flatMap(p -> p.addresses().stream())
                          .toList())));
    }
  }

  public Host host() {
    return host;
  }

  public PeerId peerId() {
    return host.peerId();
  }

  public Optional<KadDht> kad() {
    return kad;
  }

  /** Gossipsub, when the configuration asked for it. */
  public Optional<GossipsubService> pubsub() {
    return gossip;
  }

  /** The bootstrap manager, which also dials the replicas DNS discovery finds. */
  Optional<BootstrapManager> bootstrapManager() {
    return bootstrap;
  }

  /** The peer cache, when the configuration names its file. */
  public Optional<PeerCache> peerCache() {
    return cache;
  }

  /** Adds bootstrap addresses at run time (e.g. from another agent's bootstrap API). */
  public void addBootstrapAddresses(List<Multiaddr> addresses) {
    bootstrap.ifPresent(b -> b.addAddresses(addresses));
  }

  /** Listen addresses with {@code /p2p/<id>}, as {@code bzzz node} prints them. */
  public List<Multiaddr> fullAddresses() {
    return host.advertisedAddresses().stream().map(a -> a.withPeerId(host.peerId())).toList();
  }

  private Set<InetAddress> ownIps() {
    Set<InetAddress> ips = new HashSet<>();
    for (Multiaddr a : host.advertisedAddresses()) {
      a.toSocketAddress().ifPresent(s -> ips.add(s.getAddress()));
    }
    return ips;
  }

  @Override
  public void close() {
    for (int i = services.size() - 1; i >= 0; i--) {
      try {
        services.get(i).close();
      } catch (Exception e) {
        log.atWarn().setCause(e).log("closing a node service failed");
      }
    }
    services.clear();
    host.close();
  }
}
