package io.bzzz.p2p.pubsub.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.p2p.pubsub.GossipParams;
import io.bzzz.p2p.pubsub.MessageId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * 100 routers on a virtual clock: churn, a partition and its heal. Every message published while a
 * subscriber was in the publisher's part of the network, and stayed up long enough for gossip to
 * repair a hole in the mesh (the mcache gossip window), reaches its application exactly once; no
 * message ever reaches an application twice.
 */
class GossipSimulationTest {
  private static final String TOPIC = "bzzz/coordination/v1";
  private static final int N = 100;
  private static final int DIALS = 6;
  private static final int STEPS_PER_SECOND = 10;

  private record Published(MessageId id, int second, BitSet reachable) {}

  @Test
  void everyConnectedSubscriberGetsEveryMessageExactlyOnce() {
    GossipParams params = GossipParams.defaults();
    SimulatedNetwork net = new SimulatedNetwork(N, params, 42);
    Random random = new Random(42);
    net.routers.forEach(r -> r.subscribe(TOPIC));
    for (int a = 0; a < N; a++) {
      for (int k = 0; k < DIALS; k++) {
        net.connect(a, random.nextInt(N));
      }
    }

    Set<Integer> down = new HashSet<>();
    int[] downSince = new int[N];
    int[] lastDown = new int[N];
    java.util.Arrays.fill(lastDown, -100);
    List<long[]> partitionCut = new ArrayList<>();
    List<Published> published = new ArrayList<>();
    int partitionAt = 15;
    int healAt = 25;
    int lastPublish = 40;
    int end = lastPublish + 6;

    for (int second = 0; second < end; second++) {
      net.heartbeat();
      if (second >= 5 && second < lastPublish) {
        boolean partitioned = second >= partitionAt && second < healAt;
        churn(net, random, down, downSince, lastDown, second, partitioned);
      }
      if (second == partitionAt) {
        for (int a = 0; a < N / 2; a++) {
          for (int b : net.neighbours(a)) {
            if (b >= N / 2) {
              partitionCut.add(new long[] {a, b});
              net.cut(a, b);
            }
          }
        }
        assertThat(net.component(0).get(N - 1)).isFalse();
      }
      if (second == healAt) {
        for (long[] link : partitionCut) {
          int a = (int) link[0];
          int b = (int) link[1];
          if (!down.contains(a) && !down.contains(b)) {
            net.connect(a, b);
          }
        }
      }
      for (int step = 0; step < STEPS_PER_SECOND; step++) {
        net.advance(Duration.ofMillis(1000 / STEPS_PER_SECOND));
        if (second >= 3 && second < lastPublish) {
          int publisher = random.nextInt(N);
          if (!down.contains(publisher)) {
            MessageId id =
                net.routers
                    .get(publisher)
                    .publish(TOPIC, ("m" + published.size()).getBytes(StandardCharsets.UTF_8))
                    .id();
            BitSet reach = net.component(publisher);
            reach.clear(publisher);
            published.add(new Published(id, second, reach));
            net.drain();
          }
        }
      }
    }

    int expected = 0;
    int viaGossipWindow = params.mcacheGossip();
    for (Published p : published) {
      for (int node = 0; node < N; node++) {
        int count = net.deliveries.get(node).getOrDefault(p.id, 0);
        assertThat(count).as("deliveries of %s at node %d", p.id, node).isLessThanOrEqualTo(1);
        boolean stayedUp = lastDown[node] < p.second || lastDown[node] > p.second + viaGossipWindow;
        if (p.reachable.get(node) && stayedUp && !down.contains(node)) {
          expected++;
          assertThat(count)
              .as("message %s published at %ds, node %d (was reachable)", p.id, p.second, node)
              .isEqualTo(1);
        }
      }
    }
    assertThat(published).hasSizeGreaterThan(300);
    assertThat(expected).isGreaterThan(published.size() * 60);
    // the partition was real: messages from one half during it did not cross
    Published during =
        published.stream()
            .filter(p -> p.second > partitionAt + 1 && p.second < healAt - 4)
            .findFirst()
            .orElseThrow();
    assertThat(during.reachable.cardinality()).isLessThan(N / 2);
    // and after the heal every live node's mesh is back within bounds
    for (int node = 0; node < N; node++) {
      if (!down.contains(node)) {
        assertThat(net.routers.get(node).meshPeers(TOPIC).size()).isBetween(1, params.dHi());
      }
    }
    long crossHalfDeliveries =
        published.stream()
            .filter(p -> p.second > healAt + 3)
            .filter(p -> p.reachable.cardinality() > N / 2)
            .count();
    assertThat(crossHalfDeliveries).isPositive();
    assertThat(totalDeliveries(net.deliveries)).isGreaterThanOrEqualTo(expected);
  }

  /**
   * Two nodes a second go down for 2 to 5 s; nodes back up dial DIALS random live peers (in their
   * own half while the network is partitioned).
   */
  private static void churn(
      SimulatedNetwork net,
      Random random,
      Set<Integer> down,
      int[] downSince,
      int[] lastDown,
      int second,
      boolean partitioned) {
    for (int node : List.copyOf(down)) {
      if (second - downSince[node] >= 2 + random.nextInt(4)) {
        down.remove(node);
        for (int k = 0; k < DIALS; k++) {
          int other = random.nextInt(N);
          boolean sameHalf = (other < N / 2) == (node < N / 2);
          if (!down.contains(other) && (sameHalf || !partitioned)) {
            net.connect(node, other);
          }
        }
      }
    }
    for (int k = 0; k < 2; k++) {
      int node = random.nextInt(N);
      if (down.add(node)) {
        downSince[node] = second;
        lastDown[node] = second;
        for (int other : net.neighbours(node)) {
          net.cut(node, other);
        }
      }
    }
  }

  private static long totalDeliveries(List<Map<MessageId, Integer>> deliveries) {
    return deliveries.stream().mapToLong(m -> m.values().stream().mapToInt(i -> i).sum()).sum();
  }
}
