package io.bzzz.p2p.bench;

import io.bzzz.p2p.Connection;
import io.bzzz.p2p.ConnectionListener;
import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.discovery.bootstrap.DnsDiscoveryConfig;
import io.bzzz.p2p.discovery.bootstrap.DnsReplicaSource;
import io.bzzz.p2p.discovery.kad.KadConfig;
import io.bzzz.p2p.discovery.mdns.PeerNames;
import io.bzzz.p2p.host.BasicHost;
import io.bzzz.p2p.host.HostConfig;
import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.p2p.node.NodeConfig;
import io.bzzz.p2p.node.P2pNode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * bench/discovery: the DNS discovery policy alone, without 34 JVM start-ups. N replicas in one JVM
 * on 127.0.1.2, .3, ... and one port, with default host settings, Kademlia on and mDNS off (an
 * overlay); a stand-in for Swarm's DNS lists every replica from the start, as {@code
 * tasks.<service>} lists a task before it listens. The replicas start one after the other in random
 * order, {@code STAGGER_MS} apart. Prints the time from the last replica listening until every
 * replica is connected to all others, and how many connections were opened in all (a full mesh
 * needs N(N-1)/2; more means duplicate dials).
 */
public final class DnsMeshBenchmark {
  private DnsMeshBenchmark() {}

  public static void main(String[] args) throws Exception {
    int replicas = args.length > 0 ? Integer.parseInt(args[0]) : 34;
    long staggerMillis = args.length > 1 ? Long.parseLong(args[1]) : 300;
    int port = args.length > 2 ? Integer.parseInt(args[2]) : 24001;
    boolean kad = args.length <= 3 || Boolean.parseBoolean(args[3]);
    List<InetAddress> ips = new ArrayList<>();
    for (int i = 0; i < replicas; i++) {
      ips.add(InetAddress.getByName("127.0.1." + (2 + i)));
    }
    DnsReplicaSource.Resolver swarm =
        name -> {
          if (!name.equals("tasks.bzzz")) {
            throw new UnknownHostException(name);
          }
          return ips;
        };
    AtomicInteger opened = new AtomicInteger();
    ConnectionListener counter =
        new ConnectionListener() {
          @Override
          public void connected(Connection connection) {
            opened.incrementAndGet();
          }
        };
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < replicas; i++) {
      order.add(i);
    }
    SecureRandom random = new SecureRandom();
    Collections.shuffle(order, random);
    List<P2pNode> nodes = new ArrayList<>();
    try {
      for (int i : order) {
        if (!nodes.isEmpty()) {
          Thread.sleep(staggerMillis);
        }
        NodeConfig config =
            NodeConfig.defaults(PrivateKey.generate(), PeerNames.random(random))
                .withListen(List.of(Multiaddr.parse("/ip4/127.0.1." + (2 + i) + "/tcp/" + port)))
                .withMdns(Optional.empty())
                .withKad(kad ? Optional.of(KadConfig.defaults()) : Optional.empty())
                .withDns(Optional.of(DnsDiscoveryConfig.of(List.of("tasks.bzzz"), port)));
        BasicHost host =
            BasicHost.start(
                HostConfig.builder(config.identity())
                    .listen(config.listen())
                    .agentVersion("bzzz-bench")
                    .build());
        host.addConnectionListener(counter);
        nodes.add(P2pNode.start(host, config, InstantSource.system(), random, swarm));
      }
      long last = System.nanoTime();
      long deadline = last + 60_000_000_000L;
      int full = 0;
      long nextReport = last;
      StringBuilder progress = new StringBuilder();
      while (System.nanoTime() < deadline) {
        full = 0;
        int links = 0;
        for (P2pNode n : nodes) {
          long peers = n.host().connections().stream().map(c -> c.remotePeer()).distinct().count();
          links += (int) peers;
          if (peers == replicas - 1) {
            full++;
          }
        }
        if (full == replicas) {
          break;
        }
        if (System.nanoTime() >= nextReport) {
          // links counted from both ends: missing = pairs either end does not see yet
          progress.append(
              String.format(
                  Locale.ROOT,
                  " %.0fs:%d",
                  (System.nanoTime() - last) / 1e9,
                  replicas * (replicas - 1) - links));
          nextReport += 1_000_000_000L;
        }
        Thread.sleep(20);
      }
      double seconds = (System.nanoTime() - last) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "bench/discovery: %d/%d connected to all others %.2f s after the last listened"
              + " (stagger %d ms); connection events / 2: %d (a full mesh needs %d; more are duplicates)%n",
          full,
          replicas,
          seconds,
          staggerMillis,
          opened.get() / 2,
          replicas * (replicas - 1) / 2);
      System.out.println("bench/discovery: missing peer ends by second:" + progress);
    } finally {
      nodes.forEach(P2pNode::close);
    }
  }
}
