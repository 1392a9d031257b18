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
 * @param settle a due walk waits until no peer has joined the routing table for this long: while
 *     peers keep joining, some other discovery (a DNS list of replicas, mDNS, the last walk) is
 *     still connecting them, and a walk now would only repeat it at the cost of ~40 queries
 * @param settleLimit the longest a due walk waits for the table to settle (peers that join without
 *     end must not stop the walks)
 */
public record KadConfig(
    String protocol,
    int k,
    int alpha,
    Duration queryTimeout,
    Duration walkInterval,
    Duration settle,
    Duration settleLimit) {
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
    if (settle.isNegative() || settleLimit.isNegative()) {
      throw new IllegalArgumentException("kad settle and settle limit must not be negative");
    }
  }

  public static KadConfig defaults() {
    return new KadConfig(
        IPFS_KAD,
        20,
        10,
        Duration.ofSeconds(10),
        Duration.ofMinutes(5),
        Duration.ofSeconds(1),
        Duration.ofSeconds(15));
  }

  public KadConfig withProtocol(String id) {
    return new KadConfig(id, k, alpha, queryTimeout, walkInterval, settle, settleLimit);
  }

  public KadConfig withWalkInterval(Duration interval) {
    return new KadConfig(protocol, k, alpha, queryTimeout, interval, settle, settleLimit);
  }

  public KadConfig withSettle(Duration quiet, Duration limit) {
    return new KadConfig(protocol, k, alpha, queryTimeout, walkInterval, quiet, limit);
  }
}
