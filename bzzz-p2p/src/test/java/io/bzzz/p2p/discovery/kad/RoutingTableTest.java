package io.bzzz.p2p.discovery.kad;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.crypto.PrivateKey;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RoutingTableTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  private static PeerId randomPeer() {
    return PrivateKey.generate(RANDOM).peerId();
  }

  @Test
  void closestIsSortedByXorDistanceOfSha256Keys() {
    PeerId self = randomPeer();
    RoutingTable table = new RoutingTable(self, 20, InstantSource.system());
    List<PeerId> peers = IntStream.range(0, 60).mapToObj(i -> randomPeer()).toList();
    peers.forEach(table::add);
    KadKey target = KadKey.of(randomPeer());

    List<PeerId> closest = table.closest(target, 10);

    List<PeerId> expected =
        table.entries().stream()
            .map(RoutingTable.Entry::peer)
            .sorted(Comparator.comparing(KadKey::of, target::compareDistance))
            .limit(10)
            .toList();
    assertThat(closest).hasSize(10).isEqualTo(expected);
    // brute force check of the first one against every member
    for (RoutingTable.Entry e : table.entries()) {
      assertThat(target.compareDistance(KadKey.of(closest.get(0)), e.key())).isLessThanOrEqualTo(0);
    }
  }

  @Test
  void bucketsHoldAtMostKAndRefuseSelfAndDuplicates() {
    PeerId self = randomPeer();
    KadKey selfKey = KadKey.of(self);
    RoutingTable table = new RoutingTable(self, 3, InstantSource.system());
    assertThat(table.add(self)).isFalse();
    // about half of random peers fall in bucket 0 (first bit differs)
    List<PeerId> bucket0 = new ArrayList<>();
    while (bucket0.size() < 5) {
      PeerId p = randomPeer();
      if (selfKey.commonPrefixLength(KadKey.of(p)) == 0) {
        bucket0.add(p);
      }
    }
    assertThat(bucket0.stream().map(table::add).toList())
        .containsExactly(true, true, true, false, false);
    assertThat(table.add(bucket0.get(0))).isFalse();
    assertThat(table.bucketSize(0)).isEqualTo(3);
    assertThat(table.remove(bucket0.get(1))).isTrue();
    assertThat(table.add(bucket0.get(4))).isTrue();
    assertThat(table.contains(bucket0.get(4))).isTrue();
    assertThat(table.size()).isEqualTo(3);
  }

  @Test
  void commonPrefixLengthAndDistance() {
    KadKey a = KadKey.of(new byte[] {1});
    assertThat(a.commonPrefixLength(a)).isEqualTo(256);
    KadKey b = KadKey.of(new byte[] {2});
    int cpl = a.commonPrefixLength(b);
    assertThat(cpl).isBetween(0, 255);
    assertThat(a.compareDistance(a, b)).isNegative();
    assertThat(a.compareDistance(b, a)).isPositive();
    assertThat(a.compareDistance(b, b)).isZero();
  }
}
