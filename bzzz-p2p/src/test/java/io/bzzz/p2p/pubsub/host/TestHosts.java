package io.bzzz.p2p.pubsub.host;

import io.bzzz.p2p.Host;
import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.host.BasicHost;
import io.bzzz.p2p.host.HostConfig;
import io.bzzz.p2p.multiformats.Multiaddr;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Real hosts listening on 127.0.0.1 for pubsub tests. */
final class TestHosts {
  private TestHosts() {}

  static Host start() {
    try {
      return BasicHost.start(
          HostConfig.builder(PrivateKey.generate())
              .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))
              .build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
