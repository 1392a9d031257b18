package io.bzzz.p2p.node;

import io.bzzz.p2p.discovery.Backoff;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How a node finds its way back to the mesh besides its configured peers.
 *
 * @param bootstrapUrls other agents' {@code /api/v1/bootstrap-peers}, fetched now and every {@code
 *     urlInterval}; every peer they list is a bootstrap address from then on
 * @param urlInterval how often a URL is fetched again after a success
 * @param urlBackoff the wait after failed fetches
 * @param peerCache the file remembering the peers we were connected to ({@code D/peers}), redialled
 *     at start; empty for no cache
 */
public record RejoinConfig(
    List<URI> bootstrapUrls, Duration urlInterval, Backoff urlBackoff, Optional<Path> peerCache) {
  public static final Duration DEFAULT_URL_INTERVAL = Duration.ofSeconds(60);

  public RejoinConfig {
    bootstrapUrls = List.copyOf(bootstrapUrls);
    for (URI u : bootstrapUrls) {
      boolean http = "http".equals(u.getScheme()) || "https".equals(u.getScheme());
      if (!http || u.getHost() == null) {
        throw new IllegalArgumentException("bootstrap URL must be http(s)://HOST...: " + u);
      }
    }
    if (urlInterval.compareTo(Duration.ofMillis(10)) < 0) {
      throw new IllegalArgumentException("bootstrap URL interval must be >= 10 ms");
    }
  }

  /** Neither bootstrap URLs nor a peer cache. */
  public static RejoinConfig none() {
    return new RejoinConfig(List.of(), DEFAULT_URL_INTERVAL, Backoff.defaults(), Optional.empty());
  }

  public RejoinConfig withBootstrapUrls(List<URI> urls) {
    return new RejoinConfig(urls, urlInterval, urlBackoff, peerCache);
  }

  public RejoinConfig withPeerCache(Optional<Path> file) {
    return new RejoinConfig(bootstrapUrls, urlInterval, urlBackoff, file);
  }

  public RejoinConfig withUrlSchedule(Duration interval, Backoff backoff) {
    return new RejoinConfig(bootstrapUrls, interval, backoff, peerCache);
  }
}
