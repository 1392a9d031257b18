package io.bzzz.p2p.discovery.bootstrap;

import java.security.Security;

/**
 * The JVM caches successful lookups for 30 s and failed ones for 10 s, and reads that policy once,
 * at its first lookup. DNS discovery re-resolves every few seconds to see replicas come and go, so
 * a process that may run it shortens the cache before anything is resolved. A TTL the operator set
 * (security property or {@code -Dsun.net.inetaddr.ttl}) is kept.
 */
public final class JvmDnsCache {
  static final String POSITIVE_TTL_SECONDS = "1";
  static final String NEGATIVE_TTL_SECONDS = "0";

  private JvmDnsCache() {}

  /** Call first thing in {@code main}, before any name is resolved. */
  public static void shortenForDiscovery() {
    if (Security.getProperty("networkaddress.cache.ttl") == null
        && System.getProperty("sun.net.inetaddr.ttl") == null) {
      Security.setProperty("networkaddress.cache.ttl", POSITIVE_TTL_SECONDS);
    }
    // The JDK's own java.security sets the negative TTL (10 s), so only the system property
    // tells us the operator chose one.
    if (System.getProperty("sun.net.inetaddr.negative.ttl") == null) {
      Security.setProperty("networkaddress.cache.negative.ttl", NEGATIVE_TTL_SECONDS);
    }
  }
}
