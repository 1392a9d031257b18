package io.bzzz.cli.p2p;

import io.bzzz.cli.common.CliFailure;
import io.bzzz.cli.common.DataDirOption;
import io.bzzz.p2p.Connection;
import io.bzzz.p2p.PeerIdMismatchException;
import io.bzzz.p2p.ProtocolNotSupportedException;
import io.bzzz.p2p.crypto.IdentityFile;
import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.host.BasicHost;
import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.p2p.protocol.ping.PingService;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "ping",
    mixinStandardHelpOptions = true,
    description = {
      "Ping a peer over /ipfs/ping/1.0.0 and print the round-trip time of each ping.",
      "Exits non-zero with a one-line reason: refused, timeout, peer id mismatch, protocol not"
          + " supported."
    })
public final class PingCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "MA",
      description = "Peer multiaddr, e.g. /ip4/…/tcp/…/p2p/12D3KooW…")
  String address;

  @Option(
      names = "--count",
      paramLabel = "N",
      description = "Pings to send (default: ${DEFAULT-VALUE}).")
  int count = 1;

  @Option(
      names = "--interval",
      paramLabel = "MS",
      description = "Milliseconds between pings (default: ${DEFAULT-VALUE}).")
  long intervalMillis = 1000;

  @Option(
      names = "--timeout",
      paramLabel = "S",
      description =
          "Seconds to wait for the connection and for each pong (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds = 10;

  @Mixin DataDirOption dataDir;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    if (count < 1) {
      throw new CliFailure("--count must be at least 1", 2);
    }
    Multiaddr target = NodeFactory.multiaddr(address);
    Duration timeout = Duration.ofSeconds(timeoutSeconds);
    PrintWriter out = spec.commandLine().getOut();
    // executor closes last: closing the host first unblocks a ping stuck on a silent peer
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        BasicHost host = NodeFactory.start(identity(), List.of(), timeout)) {
      Connection connection = within(executor.submit(() -> host.connect(target)), timeout, target);
      try (PingService.Session session =
          within(
              executor.submit(() -> PingService.open(connection, new SecureRandom())),
              timeout,
              target)) {
        for (int seq = 1; seq <= count; seq++) {
          if (seq > 1) {
            Thread.sleep(intervalMillis);
          }
          Duration rtt = within(executor.submit(session::ping), timeout, target);
          out.printf(
              Locale.ROOT,
              "pong from %s: seq=%d time=%.3f ms%n",
              connection.remotePeer(),
              seq,
              rtt.toNanos() / 1e6);
          out.flush();
        }
      } catch (IOException e) {
        throw failure(e, target);
      }
    }
    return 0;
  }

  /** The node's identity when it has one; otherwise a throwaway key (ping creates no files). */
  private PrivateKey identity() {
    if (Files.exists(dataDir.dataDir().resolve(IdentityFile.FILE_NAME))) {
      return NodeFactory.identity(dataDir.dataDir());
    }
    return PrivateKey.generate();
  }

  private static <T> T within(Future<T> future, Duration timeout, Multiaddr target)
      throws InterruptedException {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new CliFailure(
          "timeout: no answer from " + target + " within " + timeout.toSeconds() + " s");
    } catch (ExecutionException e) {
      throw failure(e.getCause(), target);
    }
  }

  private static CliFailure failure(Throwable cause, Multiaddr target) {
    return switch (cause) {
      case ConnectException e -> new CliFailure("connection refused: " + target.withoutPeerId());
      case SocketTimeoutException e -> new CliFailure("timeout: " + e.getMessage());
      case PeerIdMismatchException e -> new CliFailure(e.getMessage());
      case ProtocolNotSupportedException e ->
          new CliFailure("protocol not supported: the peer does not speak " + PingService.PROTOCOL);
      case CliFailure e -> e;
      default -> new CliFailure("ping " + target + " failed: " + cause.getMessage());
    };
  }
}
