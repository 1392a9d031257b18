package io.bzzz.api;

import io.bzzz.agent.coordination.PeerTable;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which browser origins may read this agent's API: those of the APIs its peers advertise, so that
 * the Mesh Visualizer served by one agent of the mesh can read the others, and no other page can. A
 * peer counts while it is live or suspect (a confirmed-gone peer's page loses access); the list is
 * read from the peer table on each request, so it follows the mesh as it changes.
 */
final class PeerOrigins {
  private PeerOrigins() {}

  /**
   * The value for {@code Access-Control-Allow-Origin} when {@code origin} (the request's {@code
   * Origin} header) is the origin of an API advertised by a peer; empty otherwise.
   */
  static Optional<String> allowed(String origin, List<PeerTable.PeerView> peers) {
    Optional<String> asked = of(origin);
    if (asked.isEmpty()) {
      return Optional.empty();
    }
    for (PeerTable.PeerView p : peers) {
      if (p.state() == PeerTable.State.GONE || p.capabilities().isEmpty()) {
        continue;
      }
      if (of(p.capabilities().get().api()).equals(asked)) {
        return Optional.of(origin);
      }
    }
    return Optional.empty();
  }

  /**
   * {@code scheme://host[:port]} of an http(s) URL as browsers serialize origins (lowercase, no
   * default port); empty for anything else, including the {@code null} origin.
   */
  static Optional<String> of(String url) {
    if (url == null || url.isBlank()) {
      return Optional.empty();
    }
    try {
      URI u = new URI(url.strip());
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        return Optional.empty();
      }
      if (u.getHost() == null || u.getRawUserInfo() != null) {
        return Optional.empty();
      }
      int port = u.getPort();
      boolean defaultPort =
          port == -1
              || (scheme.equals("http") && port == 80)
              || (scheme.equals("https") && port == 443);
      String host = u.getHost().toLowerCase(Locale.ROOT);
      return Optional.of(scheme + "://" + host + (defaultPort ? "" : ":" + port));
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }
}
