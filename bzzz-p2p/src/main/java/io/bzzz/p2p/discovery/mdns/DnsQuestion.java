package io.bzzz.p2p.discovery.mdns;

/**
 * One question. {@code unicastResponse} is mDNS's QU bit (the top bit of the class field, RFC 6762
 * §5.4).
 */
public record DnsQuestion(DnsName name, int type, boolean unicastResponse) {
  public static DnsQuestion ptr(DnsName name) {
    return new DnsQuestion(name, DnsType.PTR, false);
  }
}
