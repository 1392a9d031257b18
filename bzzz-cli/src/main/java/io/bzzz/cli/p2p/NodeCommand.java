package io.bzzz.cli.p2p;

import io.bzzz.cli.DataDirOption;
import io.bzzz.cli.NodeOptions;
import io.bzzz.p2p.host.BasicHost;
import io.bzzz.p2p.multiformats.Multiaddr;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = {
      "Run a bare libp2p node (identify, ping) and print each listen multiaddr with /p2p/<id>"
          + " on its own stdout line.",
      "Stops with exit code 0 on SIGTERM or SIGINT after closing its connections."
    })
public final class NodeCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(NodeCommand.class);

  @Mixin DataDirOption dataDir;
  @Mixin NodeOptions node;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    List<Multiaddr> listen = node.listen().stream().map(NodeFactory::multiaddr).toList();
    List<Multiaddr> bootstrap = node.bootstrap().stream().map(NodeFactory::multiaddr).toList();
    BasicHost host =
        NodeFactory.start(NodeFactory.identity(dataDir.dataDir()), listen, Duration.ofSeconds(10));
    CountDownLatch forever = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  host.close();
                  // A signal ended us on purpose: report success, not 128 + signal.
                  Runtime.getRuntime().halt(0);
                },
                "bzzz-node-shutdown"));
    PrintWriter out = spec.commandLine().getOut();
    for (Multiaddr address : host.interfaceListenAddresses()) {
      out.println(address.withPeerId(host.peerId()));
    }
    out.flush();
    for (Multiaddr peer : bootstrap) {
      Thread.ofVirtual().name("bootstrap " + peer).start(() -> dialBootstrap(host, peer));
    }
    forever.await();
    return 0;
  }

  private static void dialBootstrap(BasicHost host, Multiaddr peer) {
    try {
      host.connect(peer);
    } catch (IOException e) {
      log.atWarn()
          .addKeyValue("peer", peer)
          .addKeyValue("reason", e.getMessage())
          .log("bootstrap dial failed");
    }
  }
}
