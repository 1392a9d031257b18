package io.bzzz.p2p.discovery.mdns;

import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.discovery.DiscoveredPeer;
import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.p2p.multiformats.Protocol;
import io.bzzz.wire.MalformedInputException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The libp2p mDNS record set (specs/discovery/mdns.md), as pure functions: the query, our response
 * and the peers a response announces.
 *
 * <p>The response carries PTR in the answers and SRV, one TXT with a {@code dnsaddr=} string per
 * address, and A/AAAA in the additionals. js reads PTR from the answers and TXT from both sections;
 * go's zeroconf only reports an instance that also has SRV and an address record, and keeps only
 * the last TXT record per name, hence one TXT record with several strings.
 */
public final class MdnsRecords {
  public static final DnsName SERVICE = DnsName.parse("_p2p._udp.local");
  public static final long TTL_SECONDS = 120;

  /** Keeps a response far below {@link DnsCodec#MAX_MESSAGE}: 24 strings of 255 bytes. */
  public static final int MAX_ADDRESSES = 24;

  private static final String DNSADDR = "dnsaddr=";
  private static final DnsName LOCAL = DnsName.parse("local");

  private MdnsRecords() {}

  public static DnsMessage query(DnsName service) {
    return DnsMessage.query(List.of(DnsQuestion.ptr(service)));
  }

  /** True when the message asks for the service's PTR records (or ANY). */
  public static boolean asksFor(DnsMessage message, DnsName service) {
    return !message.isResponse()
        && message.questions().stream()
            .anyMatch(
                q ->
                    q.name().equals(service)
                        && (q.type() == DnsType.PTR || q.type() == DnsType.ANY));
  }

  /**
   * Our response. {@code addresses} are routable addresses without {@code /p2p/}; strings over 255
   * bytes are skipped (they cannot be a TXT string).
   */
  public static DnsMessage response(
      DnsName service, String peerName, PeerId self, List<Multiaddr> addresses) {
    DnsName instance = service.prepend(peerName);
    DnsName host = LOCAL.prepend(peerName);
    List<String> txt = new ArrayList<>();
    Set<InetAddress> ips = new LinkedHashSet<>();
    int port = 0;
    for (Multiaddr address : addresses) {
      String text = DNSADDR + address.withPeerId(self);
      if (txt.size() == MAX_ADDRESSES || text.getBytes(StandardCharsets.UTF_8).length > 255) {
        continue;
      }
      txt.add(text);
      address.ip().ifPresent(ips::add);
      if (port == 0) {
        port = address.valueOf(Protocol.TCP).map(Integer::parseInt).orElse(0);
      }
    }
    List<DnsRecord> additionals = new ArrayList<>();
    additionals.add(
        new DnsRecord(instance, TTL_SECONDS, true, new DnsRecordData.Srv(0, 0, port, host)));
    additionals.add(new DnsRecord(instance, TTL_SECONDS, true, DnsRecordData.Txt.ofText(txt)));
    for (InetAddress ip : ips) {
      DnsRecordData data =
          ip instanceof Inet4Address v4
              ? new DnsRecordData.A(v4)
              : new DnsRecordData.Aaaa((Inet6Address) ip);
      additionals.add(new DnsRecord(host, TTL_SECONDS, true, data));
    }
    DnsRecord ptr = new DnsRecord(service, TTL_SECONDS, false, new DnsRecordData.Ptr(instance));
    return DnsMessage.response(List.of(ptr), additionals);
  }

  /**
   * The peers a response announces: for every PTR of the service, the TXT records of its instance
   * (from any section) with {@code dnsaddr=<multiaddr>/p2p/<id>} strings. Instances named {@code
   * ownPeerName} are skipped, and so are strings that do not parse. Addresses are returned without
   * {@code /p2p/}, grouped by peer.
   */
  public static List<DiscoveredPeer> peers(
      DnsMessage message, DnsName service, String ownPeerName) {
    if (!message.isResponse()) {
      return List.of();
    }
    DnsName own = service.prepend(ownPeerName);
    Set<DnsName> instances = new LinkedHashSet<>();
    message
        .allRecords()
        .filter(r -> r.name().equals(service))
        .forEach(
            r -> {
              if (r.data() instanceof DnsRecordData.Ptr ptr
                  && ptr.target().endsWith(service)
                  && !ptr.target().equals(own)) {
                instances.add(ptr.target());
              }
            });
    Map<PeerId, Set<Multiaddr>> found = new LinkedHashMap<>();
    message
        .allRecords()
        .filter(r -> instances.contains(r.name()))
        .forEach(
            r -> {
              if (r.data() instanceof DnsRecordData.Txt txt) {
                for (String s : txt.texts()) {
                  dnsaddr(s)
                      .ifPresent(
                          ma ->
                              found
                                  .computeIfAbsent(
                                      ma.peerId().orElseThrow(), p -> new LinkedHashSet<>())
                                  .add(ma.withoutPeerId()));
                }
              }
            });
    List<DiscoveredPeer> out = new ArrayList<>();
    found.forEach(
        (peer, addrs) ->
            out.add(new DiscoveredPeer(peer, List.copyOf(addrs), DiscoveredPeer.Source.MDNS)));
    return out;
  }

  private static Optional<Multiaddr> dnsaddr(String text) {
    if (!text.startsWith(DNSADDR)) {
      return Optional.empty();
    }
    try {
      Multiaddr ma = Multiaddr.parse(text.substring(DNSADDR.length()));
      return ma.peerId().isPresent() && ma.components().size() > 1
          ? Optional.of(ma)
          : Optional.empty();
    } catch (MalformedInputException e) {
      return Optional.empty();
    }
  }
}
