package io.bzzz.p2p.discovery.mdns;

/**
 * A resource record of class IN. {@code cacheFlush} is mDNS's cache-flush bit (RFC 6762 §10.2);
 * {@code ttl} is in seconds.
 */
public record DnsRecord(DnsName name, long ttl, boolean cacheFlush, DnsRecordData data) {
  public DnsRecord {
    if (ttl < 0 || ttl > 0xffffffffL) {
      throw new IllegalArgumentException("TTL out of range: " + ttl);
    }
  }

  public int type() {
    return data.type();
  }
}
