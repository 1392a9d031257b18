package io.bzzz.p2p.discovery;

/**
 * Receives peers found by a discovery source. Called on the source's thread: return quickly (the
 * node hands dialing to its own threads).
 */
@FunctionalInterface
public interface DiscoveryListener {
  void discovered(DiscoveredPeer peer);
}
