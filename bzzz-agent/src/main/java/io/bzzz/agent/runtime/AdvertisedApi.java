package io.bzzz.agent.runtime;

import java.util.List;
import java.util.Optional;

/**
 * The API URL peers are told about. An API bound to every address ({@code 0.0.0.0} or {@code [::]})
 * is advertised with the first address of this node's own advertised multiaddrs, which are already
 * filtered to routable ones, so that a visualizer page or an operator on another machine can reach
 * it; {@code 127.0.0.1} when the node has none.
 */
final class AdvertisedApi {
  private AdvertisedApi() {}

  static String of(String apiUrl, List<String> multiaddrs) {
    for (String wildcard : List.of("//0.0.0.0:", "//[::]:")) {
      int at = apiUrl.indexOf(wildcard);
      if (at >= 0) {
        String host = firstIp(multiaddrs).orElse("127.0.0.1");
        return apiUrl.substring(0, at)
            + "//"
            + host
            + ":"
            + apiUrl.substring(at + wildcard.length());
      }
    }
    return apiUrl;
  }

  private static Optional<String> firstIp(List<String> multiaddrs) {
    for (String ma : multiaddrs) {
      String[] parts = ma.split("/");
      if (parts.length > 2 && parts[1].equals("ip4")) {
        return Optional.of(parts[2]);
      }
      if (parts.length > 2 && parts[1].equals("ip6")) {
        return Optional.of("[" + parts[2] + "]");
      }
    }
    return Optional.empty();
  }
}
