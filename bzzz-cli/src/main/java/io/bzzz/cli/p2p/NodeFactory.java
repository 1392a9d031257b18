package io.bzzz.cli.p2p;

import io.bzzz.cli.BzzzVersion;
import io.bzzz.cli.CliFailure;
import io.bzzz.p2p.crypto.IdentityFile;
import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.host.BasicHost;
import io.bzzz.p2p.host.HostConfig;
import io.bzzz.p2p.multiformats.MalformedInputException;
import io.bzzz.p2p.multiformats.Multiaddr;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Turns command-line values into an identity, multiaddrs and a started host. */
final class NodeFactory {
  private NodeFactory() {}

  static PrivateKey identity(Path dataDir) {
    try {
      return IdentityFile.loadOrCreate(dataDir);
    } catch (IOException e) {
      throw new CliFailure(e.getMessage());
    }
  }

  static Multiaddr multiaddr(String text) {
    try {
      return Multiaddr.parse(text);
    } catch (MalformedInputException e) {
      throw new CliFailure("invalid multiaddr: " + e.getMessage(), 2);
    }
  }

  static BasicHost start(PrivateKey identity, List<Multiaddr> listen, Duration dialTimeout) {
    HostConfig config =
        HostConfig.builder(identity)
            .listen(listen)
            .agentVersion("bzzz/" + BzzzVersion.version())
            .dialTimeout(dialTimeout)
            .build();
    try {
      return BasicHost.start(config);
    } catch (IOException e) {
      throw new CliFailure(e.getMessage());
    }
  }
}
