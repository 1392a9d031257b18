package io.bzzz.p2p.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bzzz.p2p.Connection;
import io.bzzz.p2p.P2pStream;
import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.host.BasicHost;
import io.bzzz.p2p.host.HostConfig;
import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.p2p.protocol.ping.PingService;
import io.bzzz.testing.ChildProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * bench/p2p: Java <-> Java against js <-> js (interop/bench-p2p.mjs) in one run on one machine.
 * Each side runs two nodes in one process over 127.0.0.1: handshakes per second (TCP + Noise +
 * Yamux, sequential, dial timed until the connection is usable), one-stream throughput, and ping
 * RTT with a fresh stream per ping (as js's ping service does).
 */
public final class P2pBenchmark {
  private static final String SINK = "/bzzz/bench/sink/1.0.0";
  private static final int CHUNK = 64 * 1024;

  private P2pBenchmark() {}

  record Result(double handshakesPerSecond, double mibPerSecond, double pingP50, double pingP99) {}

  public static void main(String[] args) throws Exception {
    int handshakes = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    int streamMib = args.length > 1 ? Integer.parseInt(args[1]) : 256;
    int pings = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    int jsHandshakes = args.length > 3 ? Integer.parseInt(args[3]) : 200;
    int jsStreamMib = args.length > 4 ? Integer.parseInt(args[4]) : 64;

    Result java = runJava(handshakes, streamMib, pings);
    System.err.println("java<->java: " + java);
    Result js = runJs(jsHandshakes, jsStreamMib, pings);
    System.err.println("js<->js: " + js);

    System.out.printf(
        Locale.ROOT,
        "%nbench/p2p  (%d cores, %s, node %s)%n",
        Runtime.getRuntime().availableProcessors(),
        "java " + System.getProperty("java.version"),
        nodeVersion());
    System.out.printf(
        Locale.ROOT, "%-34s %14s %14s %10s%n", "metric", "java<->java", "js<->js", "java/js");
    row(
        "handshakes/s (TCP+Noise+Yamux)",
        java.handshakesPerSecond(),
        js.handshakesPerSecond(),
        true);
    row("stream throughput MiB/s (1 stream)", java.mibPerSecond(), js.mibPerSecond(), true);
    row("ping RTT p50 ms (new stream)", java.pingP50(), js.pingP50(), false);
    row("ping RTT p99 ms (new stream)", java.pingP99(), js.pingP99(), false);
  }

  private static void row(String name, double java, double js, boolean higherIsBetter) {
    double ratio = higherIsBetter ? java / js : js / java;
    System.out.printf(Locale.ROOT, "%-34s %14.2f %14.2f %9.2fx%n", name, java, js, ratio);
  }

  static Result runJava(int handshakes, int streamMib, int pings) throws Exception {
    try (BasicHost server = host();
        BasicHost client = host()) {
      server.setStreamHandler(
          SINK,
          s -> {
            long n = 0;
            byte[] buffer = new byte[CHUNK];
            for (int r; (r = s.in().read(buffer)) >= 0; ) {
              n += r;
            }
            s.out().write(Long.toString(n).getBytes(StandardCharsets.US_ASCII));
            s.out().flush();
          });
      Multiaddr target = server.listenAddresses().get(0).withPeerId(server.peerId());

      for (int i = 0; i < 50; i++) {
        timedDial(client, target); // warm-up (JIT)
      }
      long dialNanos = 0;
      for (int i = 0; i < handshakes; i++) {
        dialNanos += timedDial(client, target);
      }
      double handshakesPerSecond = handshakes / (dialNanos / 1e9);

      Connection connection = client.connect(target);
      sink(connection, 64L << 20); // warm-up
      long start = System.nanoTime();
      sink(connection, (long) streamMib << 20);
      double mibPerSecond = streamMib / ((System.nanoTime() - start) / 1e9);

      Random random = new Random(1);
      for (int i = 0; i < 200; i++) {
        pingOnce(connection, random);
      }
      double[] rtts = new double[pings];
      for (int i = 0; i < pings; i++) {
        rtts[i] = pingOnce(connection, random);
      }
      Arrays.sort(rtts);
      return new Result(
          handshakesPerSecond, mibPerSecond, percentile(rtts, 0.5), percentile(rtts, 0.99));
    }
  }

  private static BasicHost host() throws IOException {
    return BasicHost.start(
        HostConfig.builder(PrivateKey.generate())
            .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))
            .agentVersion("bzzz/bench")
            .maxConnections(100_000)
            .build());
  }

  private static long timedDial(BasicHost client, Multiaddr target) throws IOException {
    long start = System.nanoTime();
    Connection connection = client.connect(target);
    long took = System.nanoTime() - start;
    connection.close();
    return took;
  }

  private static void sink(Connection connection, long bytes) throws IOException {
    try (P2pStream stream = connection.newStream(java.util.List.of(SINK))) {
      byte[] chunk = new byte[CHUNK];
      Arrays.fill(chunk, (byte) 7);
      for (long sent = 0; sent < bytes; sent += CHUNK) {
        stream.out().write(chunk, 0, (int) Math.min(CHUNK, bytes - sent));
      }
      stream.out().flush();
      stream.closeWrite();
      String reply = new String(stream.in().readAllBytes(), StandardCharsets.US_ASCII);
      if (Long.parseLong(reply) != bytes) {
        throw new IOException("server counted " + reply + " of " + bytes + " bytes");
      }
    }
  }

  private static double pingOnce(Connection connection, Random random) throws IOException {
    long start = System.nanoTime();
    try (PingService.Session session = PingService.open(connection, random)) {
      session.ping();
    }
    return (System.nanoTime() - start) / 1e6;
  }

  private static double percentile(double[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))];
  }

  static Result runJs(int handshakes, int streamMib, int pings) throws IOException {
    try (ChildProcess js =
        ChildProcess.node(
            "bench-p2p.mjs",
            Integer.toString(handshakes),
            "1",
            Integer.toString(streamMib),
            Integer.toString(pings))) {
      String line = js.awaitLineStartingWith("{", Duration.ofMinutes(5));
      JsonNode r = new ObjectMapper().readTree(line);
      return new Result(
          r.path("handshakesPerSecond").asDouble(),
          r.path("mibPerSecond").asDouble(),
          r.path("pingP50Ms").asDouble(),
          r.path("pingP99Ms").asDouble());
    }
  }

  private static String nodeVersion() {
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      return "?";
    }
  }
}
