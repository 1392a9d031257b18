package io.bzzz.cli.p2p;

import io.bzzz.cli.common.CliFailure;
import io.bzzz.cli.common.DataDirOption;
import io.bzzz.cli.common.NodeOptions;
import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.host.BasicHost;
import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.p2p.node.NodeConfig;
import io.bzzz.p2p.node.P2pNode;
import io.bzzz.p2p.pubsub.host.GossipsubService;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A node (host plus discovery: bootstrap peers, mDNS unless {@code --no-mdns}, Kademlia) with
 * gossipsub, for the {@code pubsub} commands. Owns the node; closing flushes what was published,
 * then closes gossipsub, discovery and the host.
 */
final class PubsubNode implements AutoCloseable {
  private final P2pNode node;
  private final GossipsubService pubsub;

  private PubsubNode(P2pNode node, GossipsubService pubsub) {
    this.node = node;
    this.pubsub = pubsub;
  }

  static PubsubNode start(DataDirOption dataDir, NodeOptions options, PrintWriter err) {
    List<Multiaddr> listen = options.listen().stream().map(NodeFactory::multiaddr).toList();
    List<Multiaddr> bootstrap = options.bootstrap().stream().map(NodeFactory::multiaddr).toList();
    PrivateKey identity = NodeFactory.identity(dataDir.dataDir());
    // The node starts gossipsub before discovery, so every peer it connects is offered our topics.
    NodeConfig config =
        NodeFactory.nodeConfig(identity, listen, bootstrap, options)
            .withGossip(Optional.of(GossipsubService.Options.defaults()))
            .withRejoin(NodeFactory.rejoin(options, dataDir.dataDir()));
    BasicHost host =
        NodeFactory.start(identity, listen, Duration.ofSeconds(10), NodeFactory.access(options));
    P2pNode node = NodeFactory.discovery(host, config);
    GossipsubService pubsub =
        node.pubsub().orElseThrow(() -> new CliFailure("the node runs without gossipsub"));
    // stdout carries only messages; say where we listen on stderr, for people and scripts
    for (Multiaddr address : host.interfaceListenAddresses()) {
      err.println("listening on " + address.withPeerId(host.peerId()));
    }
    err.flush();
    return new PubsubNode(node, pubsub);
  }

  GossipsubService pubsub() {
    return pubsub;
  }

  P2pNode node() {
    return node;
  }

  @Override
  public void close() {
    try {
      pubsub.flush(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    node.close(); // gossipsub, discovery and the host
  }
}
