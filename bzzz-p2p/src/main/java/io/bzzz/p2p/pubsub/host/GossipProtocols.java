package io.bzzz.p2p.pubsub.host;

import java.util.List;

/**
 * The pubsub protocol ids we speak. /meshsub/1.2.0 (IDONTWANT) and 1.3.0 (extensions) are neither
 * registered nor advertised, so multistream-select answers {@code na} and peers fall back to 1.1.0.
 */
public final class GossipProtocols {
  public static final String MESHSUB_V11 = "/meshsub/1.1.0";
  public static final String MESHSUB_V10 = "/meshsub/1.0.0";

  /** In order of preference, for dialing. */
  public static final List<String> SUPPORTED = List.of(MESHSUB_V11, MESHSUB_V10);

  private GossipProtocols() {}
}
