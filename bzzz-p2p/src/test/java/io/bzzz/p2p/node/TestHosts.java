package io.bzzz.p2p.node;

import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.host.BasicHost;
import io.bzzz.p2p.host.HostConfig;
import io.bzzz.p2p.multiformats.Multiaddr;
import java.io.IOException;
import java.time.Duration;

/** Real hosts on 127.0.0.1 for discovery tests, with short dial backoffs. */
public final class TestHosts {
  private TestHosts() {}

  public static BasicHost start(NodeConfig config) throws IOException {
    return BasicHost.start(
        HostConfig.builder(config.identity())
            .listen(config.listen())
            .access(config.access())
            .dialBackoff(Duration.ofMillis(100), Duration.ofMillis(400))
            .build());
  }

  public static BasicHost loopback() throws IOException {
    return BasicHost.start(
        HostConfig.builder(PrivateKey.generate())
            .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))
            .dialBackoff(Duration.ofMillis(200), Duration.ofSeconds(2))
            .build());
  }
}
