package io.bzzz.p2p.multiformats;

import java.util.Arrays;
import java.util.Optional;

/** The multiaddr protocols Bzzz understands, with their multicodec and value size. */
public enum Protocol {
  IP4(0x04, "ip4", 4),
  TCP(0x06, "tcp", 2),
  IP6(0x29, "ip6", 16),
  DNS(0x35, "dns", Protocol.LENGTH_PREFIXED),
  DNS4(0x36, "dns4", Protocol.LENGTH_PREFIXED),
  DNS6(0x37, "dns6", Protocol.LENGTH_PREFIXED),
  DNSADDR(0x38, "dnsaddr", Protocol.LENGTH_PREFIXED),
  UDP(0x0111, "udp", 2),
  P2P(0x01a5, "p2p", Protocol.LENGTH_PREFIXED);

  static final int LENGTH_PREFIXED = -1;

  private final int code;
  private final String text;
  private final int size;

  Protocol(int code, String text, int size) {
    this.code = code;
    this.text = text;
    this.size = size;
  }

  public int code() {
    return code;
  }

  public String text() {
    return text;
  }

  /** Fixed value size in bytes, or -1 for a varint-length-prefixed value. */
  int size() {
    return size;
  }

  static Optional<Protocol> byCode(long code) {
    return Arrays.stream(values()).filter(p -> p.code == code).findFirst();
  }

  static Optional<Protocol> byName(String name) {
    if (name.equals("ipfs")) {
      return Optional.of(P2P);
    }
    return Arrays.stream(values()).filter(p -> p.text.equals(name)).findFirst();
  }
}
