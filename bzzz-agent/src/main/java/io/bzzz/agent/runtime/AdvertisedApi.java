package io.bzzz.agent.runtime;

import io.bzzz.p2p.multiformats.Multiaddr;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;

/**
 * The API URL peers are told about. An API bound to every address ({@code 0.0.0.0} or {@code [::]})
 * is advertised with the first IP of this node's advertised multiaddrs, which are already filtered
 * to routable ones, so that a visualizer page or an operator on another machine can reach it;
 * {@code 127.0.0.1} when the node has none.
 */
final class AdvertisedApi {
  private AdvertisedApi() {}

  static String of(String apiUrl, List<Multiaddr> advertised) {
    for (String wildcard : List.of("//0.0.0.0:", "//[::]:")) {
      int at = apiUrl.indexOf(wildcard);
      if (at >= 0) {
        String host =
            advertised.stream()
                .flatMap(ma -> ma.ip().stream())
                .findFirst()
                .map(AdvertisedApi::urlHost)
                .orElse("127.0.0.1");
        return apiUrl.substring(0, at)
            + "//"
            + host
            + ":"
            + apiUrl.substring(at + wildcard.length());
      }
    }
    return apiUrl;
  }

  private static String urlHost(InetAddress ip) {
    return ip instanceof Inet6Address ? "[" + ip.getHostAddress() + "]" : ip.getHostAddress();
  }
}
