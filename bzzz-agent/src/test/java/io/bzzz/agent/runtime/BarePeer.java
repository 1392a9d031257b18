package io.bzzz.agent.runtime;

import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.discovery.bootstrap.BootstrapConfig;
import io.bzzz.p2p.discovery.mdns.PeerNames;
import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.p2p.node.NodeConfig;
import io.bzzz.p2p.node.P2pNode;
import io.bzzz.p2p.pubsub.host.GossipsubService;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

/**
 * A bare libp2p node (no agent behind it) that bootstraps from an agent: the test listens to the
 * agent's messages, or speaks to it, through the real mesh.
 */
final class BarePeer {
  private BarePeer() {}

  static P2pNode joining(Agent agent) throws IOException {
    return P2pNode.start(
        NodeConfig.defaults(PrivateKey.generate(), PeerNames.random(new SecureRandom()))
            .withListen(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")))
            .withBootstrap(
                BootstrapConfig.of(agent.multiaddrs().stream().map(Multiaddr::parse).toList()))
            .withMdns(Optional.empty())
            .withGossip(Optional.of(GossipsubService.Options.defaults())));
  }
}
