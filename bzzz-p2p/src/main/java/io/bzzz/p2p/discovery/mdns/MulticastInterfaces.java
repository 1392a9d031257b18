package io.bzzz.p2p.discovery.mdns;

import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.List;
import java.util.function.Predicate;

/** Picks the interfaces mDNS runs on: up, multicast-capable, not loopback, with an address. */
public final class MulticastInterfaces {
  private MulticastInterfaces() {}

  public static List<NetworkInterface> all() {
    try {
      return NetworkInterface.networkInterfaces().filter(MulticastInterfaces::usable).toList();
    } catch (SocketException e) {
      throw new UncheckedIOException("cannot list network interfaces", e);
    }
  }

  static boolean usable(NetworkInterface nif) {
    try {
      return nif.isUp()
          && nif.supportsMulticast()
          && !nif.isLoopback()
          && nif.inetAddresses().findAny().isPresent();
    } catch (SocketException e) {
      return false;
    }
  }

  static boolean hasIpv4(NetworkInterface nif) {
    return has(nif, a -> a instanceof Inet4Address);
  }

  static boolean hasIpv6(NetworkInterface nif) {
    return has(nif, a -> a instanceof Inet6Address);
  }

  private static boolean has(NetworkInterface nif, Predicate<InetAddress> kind) {
    return nif.inetAddresses().anyMatch(kind);
  }
}
