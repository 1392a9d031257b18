package io.bzzz.p2p.discovery.mdns;

/** DNS record type and class numbers used by mDNS discovery. */
public final class DnsType {
  public static final int A = 1;
  public static final int PTR = 12;
  public static final int TXT = 16;
  public static final int AAAA = 28;
  public static final int SRV = 33;
  public static final int ANY = 255;

  /** Class IN. In mDNS the top bit of the class is the QU bit (questions) or cache-flush (RRs). */
  public static final int CLASS_IN = 1;

  static final int CLASS_TOP_BIT = 0x8000;

  private DnsType() {}
}
