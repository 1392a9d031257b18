package io.bzzz.p2p.discovery.kad;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.crypto.PrivateKey;
import java.io.IOException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The lookup algorithm over a simulated network: each node has a real routing table filled with a
 * few random peers, and a query returns what that node's table says.
 */
class KadLookupTest {
  private static final int K = 20;
  private final Random random = new Random(42);
  private final Random keys = new Random(7); // deterministic network

  private PeerId peer() {
    byte[] seed = new byte[32];
    keys.nextBytes(seed);
    return PrivateKey.fromSeed(seed).peerId();
  }

  @Test
  void findsTheTrueKClosestLiveNodes() throws Exception {
    List<PeerId> nodes = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      nodes.add(peer());
    }
    Map<PeerId, RoutingTable> tables = new HashMap<>();
    for (PeerId node : nodes) {
      // Offer every other node in random order: near buckets end up complete, far ones hold a
      // random k of their range, the shape a Kademlia table converges to.
      RoutingTable t = new RoutingTable(node, K, InstantSource.system());
      List<PeerId> shuffled = new ArrayList<>(nodes);
      java.util.Collections.shuffle(shuffled, random);
      shuffled.forEach(t::add);
      tables.put(node, t);
    }
    PeerId self = nodes.get(0);
    PeerId target = peer();
    AtomicInteger queries = new AtomicInteger();
    Set<PeerId> dead = ConcurrentHashMap.newKeySet();
    KadLookup.Querier network =
        (peer, key) -> {
          queries.incrementAndGet();
          if (dead.contains(peer)) {
            throw new IOException("unreachable");
          }
          return tables.get(peer).closest(KadKey.of(key), K).stream()
              .map(p -> new KadPeer(p, List.of(), KadPeer.Connectedness.NOT_CONNECTED))
              .toList();
        };
    // a tenth of the network is down
    for (int i = 1; i < nodes.size(); i += 10) {
      dead.add(nodes.get(i));
    }
    List<PeerId> failedSeen = new ArrayList<>();
    KadLookup lookup =
        new KadLookup(self, target.bytes(), K, 10, network, p -> {}, failedSeen::add);
    List<PeerId> found = lookup.run(tables.get(self).closest(KadKey.of(target), K));

    KadKey t = KadKey.of(target);
    List<PeerId> truth =
        nodes.stream()
            .filter(p -> !p.equals(self) && !dead.contains(p))
            .sorted(Comparator.comparing(KadKey::of, t::compareDistance))
            .limit(K)
            .toList();
    // Kademlia guarantees the closest ones; the last of the k may hide in a full far bucket.
    assertThat(found).hasSize(K);
    assertThat(found.subList(0, 10)).isEqualTo(truth.subList(0, 10));
    assertThat(found.stream().filter(truth::contains).count()).isGreaterThanOrEqualTo(K - 1);
    assertThat(failedSeen).isNotEmpty().allMatch(dead::contains);
    assertThat(queries.get()).isLessThan(nodes.size() / 2); // a lookup, not a flood
  }

  @Test
  void endsWhenEveryPeerFails() throws Exception {
    PeerId self = peer();
    List<PeerId> seeds = List.of(peer(), peer());
    List<PeerId> failed = new ArrayList<>();
    KadLookup lookup =
        new KadLookup(
            self,
            self.bytes(),
            K,
            3,
            (peer, key) -> {
              throw new IOException("refused");
            },
            p -> {},
            failed::add);
    assertThat(lookup.run(seeds)).isEmpty();
    assertThat(failed).containsExactlyInAnyOrderElementsOf(seeds);
  }

  @Test
  void neverQueriesItselfEvenWhenPeersReturnIt() throws Exception {
    PeerId self = peer();
    PeerId other = peer();
    List<PeerId> asked = new ArrayList<>();
    KadLookup lookup =
        new KadLookup(
            self,
            self.bytes(),
            K,
            3,
            (peer, key) -> {
              asked.add(peer);
              return List.of(new KadPeer(self, List.of(), KadPeer.Connectedness.CONNECTED));
            },
            p -> {},
            p -> {});
    assertThat(lookup.run(List.of(other, self))).containsExactly(other);
    assertThat(asked).containsExactly(other);
  }
}
