package io.bzzz.p2p.pubsub.bench;

import io.bzzz.p2p.Host;
import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.host.BasicHost;
import io.bzzz.p2p.host.HostConfig;
import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.p2p.pubsub.host.GossipsubService;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Java side of the gossip benchmark, same shape as {@code interop/gossip-bench.mjs}: N nodes in
 * one JVM, a full TCP mesh on 127.0.0.1, StrictSign, 256-byte messages from round-robin publishers.
 * A message is complete when every other node delivered it; latency is per delivery.
 *
 * <pre>
 *   GossipBench --nodes 10 --messages 5000 --window 64    (closed loop: saturated)
 *   GossipBench --nodes 10 --messages 200 --rate 10       (open loop: paced msg/s)
 *   GossipBench --nodes 50 --dials 5 --rate 100           (each node dials 5 random others)
 *   ... --warmup 1000    (first 1000 messages with a window of 64, not measured: JIT warm-up)
 * </pre>
 *
 * Prints one JSON line like the js harness.
 */
public final class GossipBench {
  private static final String TOPIC = "bench";

  /** A published message not yet delivered everywhere; {@code measured} is false in warm-up. */
  private record Pending(long startNanos, AtomicInteger remaining, boolean measured) {}

  public static void main(String[] args) throws Exception {
    int nodes = intArg(args, "nodes", 10);
    int messages = intArg(args, "messages", 1000);
    int window = intArg(args, "window", 64);
    int rate = intArg(args, "rate", 0);
    int size = intArg(args, "size", 256);
    int dials = intArg(args, "dials", 0); // 0: full mesh; else each node dials this many others
    int warmup = intArg(args, "warmup", 0); // messages sent (window 64) before measuring
    int pacedWarmupSeconds = intArg(args, "paced-warmup", 10); // then this long at the rate
    int idleSeconds = intArg(args, "idle", 0); // measures a quiet mesh for this long first

    List<Host> hosts = new ArrayList<>();
    List<GossipsubService> services = new ArrayList<>();
    Deliveries deliveries = new Deliveries(nodes, messages);
    try {
      for (int i = 0; i < nodes; i++) {
        Host h =
            BasicHost.start(
                HostConfig.builder(PrivateKey.generate())
                    .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))
                    .build());
        hosts.add(h);
        GossipsubService s = GossipsubService.start(h);
        services.add(s);
        s.subscribe(TOPIC, m -> deliveries.delivered(ByteBuffer.wrap(m.data()).getInt()));
      }
      connect(hosts, nodes, dials);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (!meshReady(hosts, services)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("mesh did not form in 120 s");
        }
        Thread.sleep(100);
      }
      Thread.sleep(2500);

      // Warm-up: the JIT compiles the hot paths here, not during the measured phase. A saturated
      // phase gets them compiled; paced rows then run at their rate for a while, so that code
      // compiled for batches and recompiled for messages travelling alone is settled too.
      int nextId = 0;
      if (warmup > 0) {
        closedLoop(services, deliveries, nextId, warmup, WARMUP_WINDOW, size, false);
        nextId += warmup;
        if (rate > 0) {
          int paced = rate * pacedWarmupSeconds;
          paced(services, deliveries, nextId, paced, rate, size, false);
          nextId += paced;
        }
      }

      double idleCores = Double.NaN;
      if (idleSeconds > 0) { // the cost of a quiet mesh: heartbeats, keep-alives, idle threads
        long idleStarted = System.nanoTime();
        long idleCpuStarted = processCpuNanos();
        Thread.sleep(idleSeconds * 1000L);
        idleCores =
            (double) (processCpuNanos() - idleCpuStarted) / (System.nanoTime() - idleStarted);
      }

      long started = System.nanoTime();
      long cpuStarted = processCpuNanos();
      if (rate > 0) {
        paced(services, deliveries, nextId, messages, rate, size, true);
      } else {
        closedLoop(services, deliveries, nextId, messages, window, size, true);
      }
      double elapsed = (System.nanoTime() - started) / 1e9;
      double cpu = (processCpuNanos() - cpuStarted) / 1e9;
      long[] lat = deliveries.sortedLatencies();
      System.out.println(
          String.format(
              Locale.ROOT,
              "{\"impl\":\"java\",\"nodes\":%d,\"topology\":\"%s\",\"mode\":\"%s\",\"messages\":%d,"
                  + "\"warmup\":%d,\"msgPerSec\":%.1f,\"p50\":%.2f,\"p95\":%.2f,\"p99\":%.2f,"
                  + "\"cpuMsPerMsg\":%.3f,\"coresUsed\":%.2f%s}",
              nodes,
              dials == 0 ? "full mesh" : "random, " + dials + " dials a node",
              rate > 0 ? "paced " + rate + "/s" : "window " + window,
              messages,
              warmup,
              messages / elapsed,
              pct(lat, 0.50),
              pct(lat, 0.95),
              pct(lat, 0.99),
              cpu * 1000 / messages,
              cpu / elapsed,
              Double.isNaN(idleCores)
                  ? ""
                  : String.format(Locale.ROOT, ",\"idleCores\":%.3f", idleCores)));
    } finally {
      services.forEach(GossipsubService::close);
      hosts.forEach(Host::close);
    }
  }

  private static final int WARMUP_WINDOW = 64;

  /** Tracks published messages until every other node delivered them, and measured latencies. */
  private static final class Deliveries {
    private final int nodes;
    private final ConcurrentHashMap<Integer, Pending> pending = new ConcurrentHashMap<>();
    private final long[] latencies;
    private final AtomicInteger recorded = new AtomicInteger();
    private final Semaphore completed = new Semaphore(0);
    private volatile Semaphore slots = new Semaphore(0);

    Deliveries(int nodes, int measuredMessages) {
      this.nodes = nodes;
      this.latencies = new long[measuredMessages * (nodes - 1)];
    }

    void published(int id, boolean measured) {
      pending.put(id, new Pending(System.nanoTime(), new AtomicInteger(nodes - 1), measured));
    }

    void delivered(int id) {
      long now = System.nanoTime();
      Pending p = pending.get(id);
      if (p == null) {
        return;
      }
      if (p.measured()) {
        latencies[recorded.getAndIncrement()] = now - p.startNanos();
      }
      if (p.remaining().decrementAndGet() == 0) {
        pending.remove(id);
        slots.release();
        completed.release();
      }
    }

    void openWindow(int window) {
      slots = new Semaphore(window);
    }

    void awaitSlot() throws InterruptedException {
      slots.acquire();
    }

    void awaitCompleted(int count) throws InterruptedException {
      if (!completed.tryAcquire(count, 120, TimeUnit.SECONDS)) {
        throw new IllegalStateException("messages did not complete: " + pending.size());
      }
    }

    long[] sortedLatencies() {
      long[] lat = Arrays.copyOf(latencies, recorded.get());
      Arrays.sort(lat);
      return lat;
    }
  }

  /** Publishes {@code count} messages with at most {@code window} incomplete, and waits for all. */
  private static void closedLoop(
      List<GossipsubService> services,
      Deliveries deliveries,
      int firstId,
      int count,
      int window,
      int size,
      boolean measured)
      throws InterruptedException {
    deliveries.openWindow(window);
    for (int i = 0; i < count; i++) {
      deliveries.awaitSlot();
      publish(services, deliveries, firstId + i, size, measured);
    }
    deliveries.awaitCompleted(count);
  }

  /** Publishes {@code count} messages at {@code rate} per second, and waits for all. */
  private static void paced(
      List<GossipsubService> services,
      Deliveries deliveries,
      int firstId,
      int count,
      int rate,
      int size,
      boolean measured)
      throws InterruptedException {
    long started = System.nanoTime();
    for (int i = 0; i < count; i++) {
      long wait = started + i * 1_000_000_000L / rate - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      publish(services, deliveries, firstId + i, size, measured);
    }
    deliveries.awaitCompleted(count);
  }

  private static void connect(List<Host> hosts, int nodes, int dials) throws Exception {
    Random random = new Random(1);
    List<Future<?>> dialed = new ArrayList<>();
    try (ExecutorService dial = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < nodes; i++) {
        List<Integer> targets = new ArrayList<>();
        if (dials == 0) {
          for (int j = i + 1; j < nodes; j++) {
            targets.add(j);
          }
        } else {
          while (targets.size() < dials) {
            int j = random.nextInt(nodes);
            if (j != i && !targets.contains(j)) {
              targets.add(j);
            }
          }
        }
        Host from = hosts.get(i);
        for (int j : targets) {
          Host to = hosts.get(j);
          dialed.add(
              dial.submit(() -> from.connect(to.listenAddresses().get(0).withPeerId(to.peerId()))));
        }
      }
    }
    for (Future<?> d : dialed) {
      d.get(); // a failed dial stops the bench instead of skewing its numbers
    }
  }

  private static void publish(
      List<GossipsubService> services, Deliveries deliveries, int id, int size, boolean measured) {
    byte[] payload = new byte[size];
    ByteBuffer.wrap(payload).putInt(id);
    deliveries.published(id, measured);
    services.get(id % services.size()).publish(TOPIC, payload);
  }

  /** Every node knows all its connected peers' subscriptions and has a mesh of 4 (or all). */
  private static boolean meshReady(List<Host> hosts, List<GossipsubService> services) {
    for (int i = 0; i < hosts.size(); i++) {
      int connected = hosts.get(i).connections().size();
      GossipsubService s = services.get(i);
      if (connected == 0
          || s.topicPeers(TOPIC).size() < connected
          || s.meshPeers(TOPIC).size() < Math.min(4, connected)) {
        return false;
      }
    }
    return true;
  }

  /** CPU time of the whole process (all threads), to compare runs on a shared machine. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static double pct(long[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[Math.min(sorted.length - 1, (int) (q * sorted.length))] / 1e6;
  }

  private static int intArg(String[] args, String name, int def) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals("--" + name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return def;
  }

  private GossipBench() {}
}
