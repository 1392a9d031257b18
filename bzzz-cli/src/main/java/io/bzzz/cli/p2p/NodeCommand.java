package io.bzzz.cli.p2p;

import io.bzzz.cli.common.DataDirOption;
import io.bzzz.cli.common.NodeOptions;
import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.host.BasicHost;
import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.p2p.node.NodeConfig;
import io.bzzz.p2p.node.P2pNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = {
      "Run a libp2p node (identify, ping, mDNS, Kademlia, bootstrap peers) and print each listen"
          + " multiaddr with /p2p/<id> on its own stdout line.",
      "Stops with exit code 0 on SIGTERM or SIGINT after closing its connections."
    })
public final class NodeCommand implements Callable<Integer> {
  @Mixin DataDirOption dataDir;
  @Mixin NodeOptions node;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    List<Multiaddr> listen = node.listen().stream().map(NodeFactory::multiaddr).toList();
    List<Multiaddr> bootstrap = node.bootstrap().stream().map(NodeFactory::multiaddr).toList();
    PrivateKey identity = NodeFactory.identity(dataDir.dataDir());
    NodeConfig config = // checks first
        NodeFactory.nodeConfig(identity, listen, bootstrap, node)
            .withRejoin(NodeFactory.rejoin(node, dataDir.dataDir()));
    BasicHost host =
        NodeFactory.start(identity, listen, Duration.ofSeconds(10), NodeFactory.access(node));
    P2pNode p2p = NodeFactory.discovery(host, config);
    CountDownLatch forever = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  p2p.close(); // closes the host too
                  // A signal ended us on purpose: report success, not 128 + signal.
                  Runtime.getRuntime().halt(0);
                },
                "bzzz-node-shutdown"));
    PrintWriter out = spec.commandLine().getOut();
    for (Multiaddr address : host.interfaceListenAddresses()) {
      out.println(address.withPeerId(host.peerId()));
    }
    out.flush();
    forever.await();
    return 0;
  }
}
