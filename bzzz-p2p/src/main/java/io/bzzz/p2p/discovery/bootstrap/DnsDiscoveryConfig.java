package io.bzzz.p2p.discovery.bootstrap;

import io.bzzz.p2p.discovery.Backoff;
import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.p2p.multiformats.Protocol;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

/**
 * DNS discovery: names whose A/AAAA records list every replica of a service ({@code
 * tasks.<service>} in Docker Swarm, a headless Service in Kubernetes), all listening on one port.
 *
 * @param names DNS names resolved as given (the system resolver applies search domains)
 * @param port the TCP port every replica listens on
 * @param interval how often each name is resolved again
 * @param redial the wait before redialing a listed address that refused: short, because DNS lists a
 *     replica before it listens, and a replica refused once is not a dead one
 */
public record DnsDiscoveryConfig(List<String> names, int port, Duration interval, Backoff redial) {
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
  public static final Backoff DEFAULT_REDIAL =
      new Backoff(Duration.ofMillis(500), Duration.ofSeconds(2));

  public DnsDiscoveryConfig {
    names = List.copyOf(names);
    if (names.isEmpty() || names.stream().anyMatch(String::isBlank)) {
      throw new IllegalArgumentException("DNS discovery needs at least one non-empty name");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("DNS discovery port must be in 1..65535, got " + port);
    }
    if (interval.compareTo(Duration.ofMillis(10)) < 0) {
      throw new IllegalArgumentException("DNS discovery interval must be >= 10 ms");
    }
  }

  public static DnsDiscoveryConfig of(List<String> names, int port) {
    return new DnsDiscoveryConfig(names, port, DEFAULT_INTERVAL, DEFAULT_REDIAL);
  }

  /**
   * The port replicas are assumed to listen on when none is given: the port of our first TCP listen
   * address. Empty when there is none or it is 0, since peers cannot know an ephemeral port.
   */
  public static OptionalInt listenPort(List<Multiaddr> listen) {
    for (Multiaddr a : listen) {
      if (a.has(Protocol.TCP)) {
        int port = Integer.parseInt(a.valueOf(Protocol.TCP).orElseThrow());
        return port == 0 ? OptionalInt.empty() : OptionalInt.of(port);
      }
    }
    return OptionalInt.empty();
  }
}
