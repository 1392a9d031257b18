package io.bzzz.p2p.host;

import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.multiformats.Multiaddr;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Hosts on 127.0.0.1 for tests; closes every host it started. */
final class TestHosts implements AutoCloseable {
  static final Multiaddr LOOPBACK = Multiaddr.parse("/ip4/127.0.0.1/tcp/0");

  private final List<BasicHost> hosts = new ArrayList<>();

  BasicHost start() throws IOException {
    return start(b -> b);
  }

  BasicHost start(UnaryOperator<HostConfig.Builder> customize) throws IOException {
    HostConfig.Builder builder =
        HostConfig.builder(PrivateKey.generate())
            .listen(LOOPBACK)
            .agentVersion("bzzz/test")
            .dialTimeout(Duration.ofSeconds(20))
            .handshakeTimeout(Duration.ofSeconds(20));
    BasicHost host = BasicHost.start(customize.apply(builder).build());
    hosts.add(host);
    return host;
  }

  static Multiaddr address(BasicHost host) {
    return host.listenAddresses().get(0).withPeerId(host.peerId());
  }

  @Override
  public void close() {
    hosts.forEach(BasicHost::close);
  }
}
