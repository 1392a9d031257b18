import io.bzzz.log.LogOptions;
import io.bzzz.log.LogVerifier;
import io.bzzz.log.SignedLog;
import io.bzzz.log.replication.LogClient;
import io.bzzz.log.replication.LogReplicationService;
import io.bzzz.log.replication.ReplicationResult;
import io.bzzz.p2p.host.BasicHost;
import io.bzzz.p2p.host.HostConfig;
import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.log.replication.LogRegistry;
import io.bzzz.log.replication.LogServer;
import io.bzzz.log.sign.KeyMode;
import io.bzzz.p2p.crypto.PrivateKey;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Bzzz's log benchmark (run by bench/log/run.sh): appends of 100-byte blocks, durable and not,
 * one at a time and in batches of 100; verification; replication over loopback TCP. Prints one
 * JSON line per row, like hypercore-bench.mjs.
 */
public final class LogBench {
  static final byte[] BLOCK = "a".repeat(100).getBytes();

  public static void main(String[] args) throws Exception {
    int single = Integer.parseInt(args[0]);
    int batches = Integer.parseInt(args[1]);
    Path base = Files.createTempDirectory(Path.of(args[2]), "bzzz-bench-");
    try {
      warmUp(base);
      append(base, "bzzz durable (fsync per append), single append", LogOptions.DEFAULT, 1, single);
      Path big = append(base, "bzzz durable (fsync per append), batch of 100", LogOptions.DEFAULT, 100, batches);
      append(base, "bzzz no fsync, single append", LogOptions.NO_FSYNC, 1, single * 5);
      append(base, "bzzz no fsync, batch of 100", LogOptions.NO_FSYNC, 100, batches);
      verify(big);
      replicate(base, big);
      replicateOverHost(base, big);
    } finally {
      delete(base);
    }
  }

  static void warmUp(Path base) {
    try (SignedLog log = SignedLog.create(base.resolve("warm"), KeyMode.MANIFEST, PrivateKey.generate(), LogOptions.NO_FSYNC)) {
      List<byte[]> batch = new ArrayList<>();
      for (int i = 0; i < 100; i++) batch.add(BLOCK);
      for (int i = 0; i < 300; i++) log.append(batch);
      for (int i = 0; i < 3000; i++) log.append(BLOCK);
    }
    LogVerifier.verify(base.resolve("warm"));
  }

  static Path append(Path base, String name, LogOptions options, int batchSize, int count) {
    Path dir = base.resolve("log-" + name.hashCode());
    List<byte[]> batch = new ArrayList<>();
    for (int i = 0; i < batchSize; i++) batch.add(BLOCK);
    try (SignedLog log = SignedLog.create(dir, KeyMode.MANIFEST, PrivateKey.generate(), options)) {
      long start = System.nanoTime();
      for (int i = 0; i < count; i++) {
        if (batchSize == 1) log.append(BLOCK); else log.append(batch);
      }
      report(name, (long) count * batchSize, System.nanoTime() - start);
    }
    return dir;
  }

  static void verify(Path dir) {
    long start = System.nanoTime();
    var report = LogVerifier.verify(dir);
    if (!report.ok()) throw new IllegalStateException("verify failed: " + report.problems());
    report("bzzz verify (every block, node, signature)", report.length(), System.nanoTime() - start);
  }

  static void replicate(Path base, Path source) throws Exception {
    try (SignedLog author = SignedLog.open(source, LogOptions.NO_FSYNC);
        ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      LogRegistry registry = new LogRegistry();
      registry.register(author);
      LogServer logServer = new LogServer(registry);
      Thread serving = Thread.ofVirtual().start(() -> {
        try (Socket s = server.accept()) {
          logServer.serve(s.getInputStream(), s.getOutputStream(), "bench");
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      Path dir = base.resolve("replica");
      SignedLog[] replica = new SignedLog[1];
      long start = System.nanoTime();
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
        new LogClient(author.key(), "bench", Duration.ofSeconds(1))
            .replicate(s.getInputStream(), s.getOutputStream(),
                id -> replica[0] = SignedLog.createReplica(dir, id, LogOptions.DEFAULT), false, n -> {});
      }
      long elapsed = System.nanoTime() - start;
      report("bzzz replication over loopback TCP (verified, durable)", replica[0].length(), elapsed);
      replica[0].close();
      serving.join();
    }
  }

  static void replicateOverHost(Path base, Path source) throws Exception {
    try (SignedLog author = SignedLog.open(source, LogOptions.NO_FSYNC);
        BasicHost serving = BasicHost.start(HostConfig.builder(PrivateKey.generate())
            .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).build());
        BasicHost fetching = BasicHost.start(HostConfig.builder(PrivateKey.generate()).build())) {
      LogRegistry registry = new LogRegistry();
      registry.register(author);
      try (LogReplicationService server = new LogReplicationService(serving, registry);
          LogReplicationService client = new LogReplicationService(fetching, new LogRegistry())) {
        Multiaddr address = serving.listenAddresses().getFirst().withPeerId(serving.peerId());
        long start = System.nanoTime();
        ReplicationResult r = client.replicate(author.key(), address, base.resolve("host-replica"), false, n -> {});
        report("bzzz replication over the libp2p host (TCP+Noise+Yamux, verified, durable)", r.blocks(), System.nanoTime() - start);
      }
    }
  }

  static void report(String name, long blocks, long nanos) {
    double seconds = nanos / 1e9;
    System.out.printf("{\"name\":\"%s\",\"blocks\":%d,\"seconds\":%.4f,\"blocks_per_s\":%.1f}%n", name, blocks, seconds, blocks / seconds);
  }

  static void delete(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }
}
