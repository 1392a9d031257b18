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
 * </pre>
 *
 * Prints one JSON line like the js harness.
 */
public final class GossipBench {
  private static final String TOPIC = "bench";

  private record Pending(long startNanos, AtomicInteger remaining) {}

  public static void main(String[] args) throws Exception {
    int nodes = intArg(args, "nodes", 10);
    int messages = intArg(args, "messages", 1000);
    int window = intArg(args, "window", 64);
    int rate = intArg(args, "rate", 0);
    int size = intArg(args, "size", 256);
    int dials = intArg(args, "dials", 0); // 0: full mesh; else each node dials this many others

    List<Host> hosts = new ArrayList<>();
    List<GossipsubService> services = new ArrayList<>();
    ConcurrentHashMap<Integer, Pending> pending = new ConcurrentHashMap<>();
    long[] latencies = new long[messages * (nodes - 1)];
    AtomicInteger deliveries = new AtomicInteger();
    Semaphore completed = new Semaphore(0);
    Semaphore slots = new Semaphore(window);
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
        s.subscribe(
            TOPIC,
            m -> {
              long now = System.nanoTime();
              int id = ByteBuffer.wrap(m.data()).getInt();
              Pending p = pending.get(id);
              if (p == null) {
                return;
              }
              latencies[deliveries.getAndIncrement()] = now - p.startNanos;
              if (p.remaining.decrementAndGet() == 0) {
                pending.remove(id);
                slots.release();
                completed.release();
              }
            });
      }
      Random random = new Random(1);
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
            dial.submit(() -> from.connect(to.listenAddresses().get(0).withPeerId(to.peerId())));
          }
        }
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (!meshReady(hosts, services)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("mesh did not form in 120 s");
        }
        Thread.sleep(100);
      }
      Thread.sleep(2500);

      long started = System.nanoTime();
      long cpuStarted = processCpuNanos();
      if (rate > 0) {
        for (int id = 0; id < messages; id++) {
          long due = started + id * 1_000_000_000L / rate;
          long wait = due - System.nanoTime();
          if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
          }
          publish(services, pending, id, size, nodes);
        }
        if (!completed.tryAcquire(messages, 120, TimeUnit.SECONDS)) {
          throw new IllegalStateException("messages did not complete: " + pending.size());
        }
      } else {
        for (int id = 0; id < messages; id++) {
          slots.acquire(); // closed loop: at most WINDOW incomplete messages
          publish(services, pending, id, size, nodes);
        }
        if (!completed.tryAcquire(messages, 120, TimeUnit.SECONDS)) {
          throw new IllegalStateException("messages did not complete: " + pending.size());
        }
      }
      double elapsed = (System.nanoTime() - started) / 1e9;
      double cpu = (processCpuNanos() - cpuStarted) / 1e9;
      long[] lat = Arrays.copyOf(latencies, deliveries.get());
      Arrays.sort(lat);
      System.out.println(
          String.format(
              Locale.ROOT,
              "{\"impl\":\"java\",\"nodes\":%d,\"topology\":\"%s\",\"mode\":\"%s\",\"messages\":%d,\"msgPerSec\":%.1f,"
                  + "\"p50\":%.2f,\"p95\":%.2f,\"p99\":%.2f,\"cpuMsPerMsg\":%.3f,\"coresUsed\":%.2f}",
              nodes,
              dials == 0 ? "full mesh" : "random, " + dials + " dials a node",
              rate > 0 ? "paced " + rate + "/s" : "window " + window,
              messages,
              messages / elapsed,
              pct(lat, 0.50),
              pct(lat, 0.95),
              pct(lat, 0.99),
              cpu * 1000 / messages,
              cpu / elapsed));
    } finally {
      services.forEach(GossipsubService::close);
      hosts.forEach(Host::close);
    }
  }

  private static void publish(
      List<GossipsubService> services,
      ConcurrentHashMap<Integer, Pending> pending,
      int id,
      int size,
      int nodes) {
    byte[] payload = new byte[size];
    ByteBuffer.wrap(payload).putInt(id);
    pending.put(id, new Pending(System.nanoTime(), new AtomicInteger(nodes - 1)));
    services.get(id % nodes).publish(TOPIC, payload);
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
