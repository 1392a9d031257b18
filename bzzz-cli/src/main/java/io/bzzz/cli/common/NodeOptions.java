package io.bzzz.cli.common;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options of every command that runs a node (DESIGN §7). */
public final class NodeOptions {

  public static final String DEFAULT_LISTEN = "/ip4/0.0.0.0/tcp/0";

  @Option(
      names = "--listen",
      paramLabel = "MA",
      description = "Listen multiaddr (repeatable; default " + DEFAULT_LISTEN + ").")
  List<String> listen = new ArrayList<>();

  @Option(names = "--bootstrap", paramLabel = "MA", description = "Bootstrap peer (repeatable).")
  List<String> bootstrap = new ArrayList<>();

  @Option(names = "--no-mdns", description = "Do not discover or announce peers by mDNS.")
  boolean noMdns;

  @Option(
      names = "--mdns-retry",
      paramLabel = "SECONDS",
      description =
          "When no interface can join the mDNS group at start (link down), the node starts"
              + " without mDNS and tries again this often (default 30).")
  Integer mdnsRetry;

  @Option(
      names = "--dns-discovery",
      paramLabel = "NAME",
      description =
          "DNS name whose A/AAAA records list every replica, e.g. tasks.<service> or a headless"
              + " Service (repeatable).")
  List<String> dnsDiscovery = new ArrayList<>();

  @Option(
      names = "--dns-discovery-port",
      paramLabel = "PORT",
      description = "TCP port the replicas listen on (default: the first --listen port).")
  Integer dnsDiscoveryPort;

  @Option(
      names = "--bootstrap-url",
      paramLabel = "URL",
      description =
          "Another agent's /api/v1/bootstrap-peers, fetched now and every minute; the peers it"
              + " lists are dialed (repeatable).")
  List<String> bootstrapUrls = new ArrayList<>();

  @Option(
      names = "--psk",
      paramLabel = "FILE",
      description =
          "Private network: a libp2p swarm.key (/key/swarm/psk/1.0.0/); only peers with the same"
              + " key can connect. The file must not be readable by group or others.")
  Path psk;

  @Option(
      names = "--allow-peer",
      paramLabel = "ID",
      description = "Keep connections only with these peer ids (repeatable; default: anyone).")
  List<String> allowPeers = new ArrayList<>();

  /** The --mdns-retry interval, when given. */
  public Optional<java.time.Duration> mdnsRetry() {
    if (mdnsRetry != null && mdnsRetry < 1) {
      throw new CliFailure("--mdns-retry must be at least 1 second", 2);
    }
    return Optional.ofNullable(mdnsRetry).map(java.time.Duration::ofSeconds);
  }

  public Optional<Path> psk() {
    return Optional.ofNullable(psk);
  }

  public List<String> allowPeers() {
    return List.copyOf(allowPeers);
  }

  public List<String> listen() {
    return listen.isEmpty() ? List.of(DEFAULT_LISTEN) : List.copyOf(listen);
  }

  public List<String> bootstrap() {
    return List.copyOf(bootstrap);
  }

  public List<String> bootstrapUrls() {
    return List.copyOf(bootstrapUrls);
  }

  public boolean mdns() {
    return !noMdns;
  }

  public List<String> dnsDiscovery() {
    return List.copyOf(dnsDiscovery);
  }

  public Optional<Integer> dnsDiscoveryPort() {
    return Optional.ofNullable(dnsDiscoveryPort);
  }
}
