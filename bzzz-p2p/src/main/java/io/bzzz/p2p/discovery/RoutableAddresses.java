package io.bzzz.p2p.discovery;

import io.bzzz.p2p.multiformats.Multiaddr;
import java.net.InetAddress;
import java.util.List;

/**
 * Which addresses are worth telling a peer about. Never: unspecified (0.0.0.0, ::), link-local
 * (169.254/16, fe80::/10, which need an interface to mean anything) or multicast addresses.
 * Loopback only where the other side can reach it: when it is all we have (advertising) or when the
 * asking peer itself talks to us over loopback (answering).
 */
public final class RoutableAddresses {
  private RoutableAddresses() {}

  /** What a node advertises: dialable addresses, loopback ones only when nothing else is left. */
  public static List<Multiaddr> advertised(List<Multiaddr> candidates) {
    List<Multiaddr> dialable = candidates.stream().filter(RoutableAddresses::dialable).toList();
    List<Multiaddr> external = dialable.stream().filter(a -> !isLoopback(a)).toList();
    return external.isEmpty() ? dialable : external;
  }

  /** Addresses to hand to a peer: dialable ones, loopback ones only to a peer on loopback. */
  public static List<Multiaddr> forPeer(List<Multiaddr> addresses, boolean peerOnLoopback) {
    return addresses.stream()
        .filter(RoutableAddresses::dialable)
        .filter(a -> peerOnLoopback || !isLoopback(a))
        .toList();
  }

  /** False for unspecified, link-local and multicast IPs; true for names and other IPs. */
  public static boolean dialable(Multiaddr address) {
    return address
        .ip()
        .map(ip -> !ip.isAnyLocalAddress() && !ip.isLinkLocalAddress() && !ip.isMulticastAddress())
        .orElse(true);
  }

  public static boolean isLoopback(Multiaddr address) {
    return address.ip().map(InetAddress::isLoopbackAddress).orElse(false);
  }
}
