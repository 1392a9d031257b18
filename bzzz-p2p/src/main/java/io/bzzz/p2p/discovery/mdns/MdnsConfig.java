package io.bzzz.p2p.discovery.mdns;

import java.net.NetworkInterface;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * mDNS settings.
 *
 * @param peerName our instance label (see {@link PeerNames})
 * @param service the service name, {@code _p2p._udp.local} unless a private mesh wants another
 * @param port UDP port, 5353 (other values only for isolated tests)
 * @param queryInterval the steady interval between our queries (js default: 10 s); the first
 *     queries come faster: at start, then 1 s, 2 s, 4 s... up to this interval
 * @param minResponseInterval at most one multicast response per this interval; queries arriving
 *     meanwhile are answered at its end (RFC 6762 §6: one second)
 * @param interfaces the interfaces to use; empty = every multicast-capable one
 * @param ipv6 also use ff02::fb on interfaces with IPv6
 * @param retry how often a node that could not start mDNS (no usable interface: link down) tries
 *     again; see {@link LateMdns}
 */
public record MdnsConfig(
    String peerName,
    DnsName service,
    int port,
    Duration queryInterval,
    Duration minResponseInterval,
    Optional<List<NetworkInterface>> interfaces,
    boolean ipv6,
    Duration retry) {
  public static final int PORT = 5353;

  public MdnsConfig {
    DnsName.of(List.of(peerName));
    if (peerName.length() < PeerNames.MIN_LENGTH || peerName.length() > PeerNames.MAX_LENGTH) {
      throw new IllegalArgumentException("mDNS peer name must be 32..63 characters");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("bad mDNS port " + port);
    }
    if (queryInterval.compareTo(Duration.ofMillis(100)) < 0
        || minResponseInterval.isNegative()
        || minResponseInterval.compareTo(queryInterval) > 0) {
      throw new IllegalArgumentException(
          "mDNS intervals: query >= 100 ms and 0 <= response limit <= query interval");
    }
    if (retry.compareTo(Duration.ofMillis(10)) < 0) {
      throw new IllegalArgumentException("mDNS retry interval must be at least 10 ms");
    }
    interfaces = interfaces.map(List::copyOf);
  }

  public static MdnsConfig defaults(String peerName) {
    return new MdnsConfig(
        peerName,
        MdnsRecords.SERVICE,
        PORT,
        Duration.ofSeconds(10),
        Duration.ofSeconds(1),
        Optional.empty(),
        true,
        LateMdns.RETRY);
  }

  public MdnsConfig withInterfaces(List<NetworkInterface> chosen) {
    return new MdnsConfig(
        peerName,
        service,
        port,
        queryInterval,
        minResponseInterval,
        Optional.of(chosen),
        ipv6,
        retry);
  }

  public MdnsConfig withRetry(Duration every) {
    return new MdnsConfig(
        peerName, service, port, queryInterval, minResponseInterval, interfaces, ipv6, every);
  }
}
