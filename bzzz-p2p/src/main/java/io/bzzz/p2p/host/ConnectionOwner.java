package io.bzzz.p2p.host;

import io.bzzz.p2p.StreamHandler;
import java.util.Optional;

/** What a connection needs from the host that owns it. */
interface ConnectionOwner {
  Optional<StreamHandler> handler(String protocol);

  ThreadTracker threads();

  /** Called once, after the connection closed. */
  void closed(HostConnection connection);
}
