package io.bzzz.p2p.discovery.kad;

import java.time.Duration;

/**
 * Kademlia settings, in the spec's terms.
 *
 * @param protocol the stream protocol id; {@code /ipfs/kad/1.0.0} joins whatever DHT the peers
 *     speak, a private id (e.g. {@code /bzzz/kad/1.0.0}) keeps a mesh to itself
 * @param k bucket size and number of closest peers a lookup returns (20)
 * @param alpha concurrent queries in a lookup (10, as js and the spec)
 * @param queryTimeout time allowed for one FIND_NODE round trip, dial included
 * @param walkInterval steady interval between random walks (self lookup + one random target); the
 *     first walks come faster: 1 s, 2 s, 4 s... up to this interval, and again 1 s after a walk
 *     while the routing table keeps growing
 */
public record KadConfig(
    String protocol, int k, int alpha, Duration queryTimeout, Duration walkInterval) {
  public static final String IPFS_KAD = "/ipfs/kad/1.0.0";

  public KadConfig {
    if (!protocol.startsWith("/")) {
      throw new IllegalArgumentException("kad protocol id must start with '/': " + protocol);
    }
    if (k < 1 || alpha < 1) {
      throw new IllegalArgumentException("kad k and alpha must be positive");
    }
    if (queryTimeout.isNegative()
        || queryTimeout.isZero()
        || walkInterval.compareTo(Duration.ofMillis(100)) < 0) {
      throw new IllegalArgumentException("kad query timeout > 0 and walk interval >= 100 ms");
    }
  }

  public static KadConfig defaults() {
    return new KadConfig(IPFS_KAD, 20, 10, Duration.ofSeconds(10), Duration.ofMinutes(5));
  }

  public KadConfig withProtocol(String id) {
    return new KadConfig(id, k, alpha, queryTimeout, walkInterval);
  }

  public KadConfig withWalkInterval(Duration interval) {
    return new KadConfig(protocol, k, alpha, queryTimeout, interval);
  }
}
