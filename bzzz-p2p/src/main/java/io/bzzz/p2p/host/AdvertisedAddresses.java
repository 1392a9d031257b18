package io.bzzz.p2p.host;

import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.p2p.multiformats.Protocol;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Turns listen addresses into concrete ones: an unspecified host (0.0.0.0, ::) becomes every
 * interface address of its family. {@link #advertised} then keeps only what a peer can use.
 */
final class AdvertisedAddresses {
  private final Supplier<List<InetAddress>> interfaces;

  AdvertisedAddresses(Supplier<List<InetAddress>> interfaces) {
    this.interfaces = interfaces;
  }

  static AdvertisedAddresses system() {
    return new AdvertisedAddresses(AdvertisedAddresses::interfaceAddresses);
  }

  /** Every concrete address we accept connections on, loopback included. */
  List<Multiaddr> expanded(List<Multiaddr> listen) {
    Set<Multiaddr> out = new LinkedHashSet<>();
    for (Multiaddr address : listen) {
      InetSocketAddress socket = address.toSocketAddress().orElse(null);
      if (socket == null || !socket.getAddress().isAnyLocalAddress()) {
        out.add(address);
        continue;
      }
      boolean v4 = socket.getAddress() instanceof Inet4Address;
      for (InetAddress ip : interfaces.get()) {
        if ((ip instanceof Inet4Address) == v4) {
          out.add(Multiaddr.tcp(new InetSocketAddress(ip, socket.getPort())));
        }
      }
    }
    return List.copyOf(out);
  }

  /**
   * The addresses we tell peers: expanded, without link-local, multicast or unspecified addresses,
   * and without loopback unless every listen address is loopback.
   */
  List<Multiaddr> advertised(List<Multiaddr> listen) {
    boolean onlyLoopback =
        !listen.isEmpty()
            && listen.stream()
                .allMatch(
                    a ->
                        a.toSocketAddress()
                            .map(s -> s.getAddress().isLoopbackAddress())
                            .orElse(false));
    List<Multiaddr> out = new ArrayList<>();
    for (Multiaddr address : expanded(listen)) {
      if (!address.has(Protocol.IP4) && !address.has(Protocol.IP6)) {
        out.add(address); // dns names are advertised as configured
        continue;
      }
      InetAddress ip = address.toSocketAddress().orElseThrow().getAddress();
      boolean usable =
          !ip.isAnyLocalAddress()
              && !ip.isLinkLocalAddress()
              && !ip.isMulticastAddress()
              && (onlyLoopback || !ip.isLoopbackAddress());
      if (usable) {
        out.add(address);
      }
    }
    return List.copyOf(out);
  }

  private static List<InetAddress> interfaceAddresses() {
    List<InetAddress> out = new ArrayList<>();
    try {
      for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nif.isUp()) {
          continue;
        }
        for (InetAddress ip : Collections.list(nif.getInetAddresses())) {
          // drop the zone id of scoped IPv6 addresses: multiaddrs have no place for it
          out.add(ip instanceof Inet6Address v6 ? InetAddress.getByAddress(v6.getAddress()) : ip);
        }
      }
    } catch (SocketException | java.net.UnknownHostException e) {
      return List.of();
    }
    return out;
  }
}
