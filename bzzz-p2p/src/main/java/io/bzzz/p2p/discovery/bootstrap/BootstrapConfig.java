package io.bzzz.p2p.discovery.bootstrap;

import io.bzzz.p2p.discovery.Backoff;
import io.bzzz.p2p.multiformats.Multiaddr;
import java.time.Duration;
import java.util.List;

/**
 * Bootstrap and connection-count settings.
 *
 * @param peers bootstrap addresses, ideally ending in {@code /p2p/<id>} (then the remote must prove
 *     that identity); without it any peer answering there is accepted
 * @param lowWater below this many connections, bootstrap peers not connected are dialed
 * @param highWater above this many, connections to non-bootstrap peers are closed down to {@code
 *     lowWater} (the libp2p connection manager's rule) and discovered peers are no longer dialed
 * @param backoff redial schedule of an address that failed
 * @param checkInterval how often the counts are checked (also on every disconnect)
 */
public record BootstrapConfig(
    List<Multiaddr> peers, int lowWater, int highWater, Backoff backoff, Duration checkInterval) {
  public BootstrapConfig {
    peers = List.copyOf(peers);
    if (lowWater < 0 || highWater < lowWater || highWater < 1) {
      throw new IllegalArgumentException("connection water marks need 0 <= low <= high, high >= 1");
    }
    if (checkInterval.compareTo(Duration.ofMillis(10)) < 0) {
      throw new IllegalArgumentException("bootstrap check interval must be >= 10 ms");
    }
  }

  public static BootstrapConfig of(List<Multiaddr> peers) {
    return new BootstrapConfig(peers, 32, 128, Backoff.defaults(), Duration.ofSeconds(1));
  }
}
