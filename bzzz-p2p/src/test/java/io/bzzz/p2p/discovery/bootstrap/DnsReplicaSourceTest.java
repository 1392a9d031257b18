package io.bzzz.p2p.discovery.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bzzz.p2p.multiformats.Multiaddr;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Swarm's embedded DNS cannot run here; the resolver stands in for it with its documented
 * behaviour: {@code tasks.<service>} answers every replica's address, an unknown name fails.
 */
class DnsReplicaSourceTest {
  private static InetAddress ip(String text) throws UnknownHostException {
    return InetAddress.getByName(text);
  }

  @Test
  void resolvesTheNameAsGivenToEveryReplicaButUs() throws Exception {
    List<String> asked = new CopyOnWriteArrayList<>();
    DnsReplicaSource.Resolver swarm =
        name -> {
          asked.add(name);
          if (!name.equals("tasks.bzzz")) {
            throw new UnknownHostException(name);
          }
          return List.of(ip("10.0.1.5"), ip("10.0.1.6"), ip("10.0.1.7"), ip("10.0.1.6"));
        };
    List<List<Multiaddr>> batches = new CopyOnWriteArrayList<>();
    Set<InetAddress> self = Set.of(ip("10.0.1.5"));
    try (DnsReplicaSource source =
        DnsReplicaSource.start(
            "tasks.bzzz",
            4001,
            swarm,
            () -> self,
            (replicas, second) -> batches.add(replicas),
            Duration.ofMillis(50))) {
      await().atMost(Duration.ofSeconds(10)).until(() -> batches.size() >= 2);
    }
    assertThat(asked).allMatch("tasks.bzzz"::equals);
    assertThat(batches.get(0))
        .containsExactly(
            Multiaddr.parse("/ip4/10.0.1.6/tcp/4001"), Multiaddr.parse("/ip4/10.0.1.7/tcp/4001"));
  }

  @Test
  void ofEachPairTheLowerAddressDialsAndTheHigherWaits() throws Exception {
    List<InetAddress> records = List.of(ip("10.0.1.9"), ip("10.0.1.20"), ip("10.0.1.7"));
    // 10.0.1.20 sees both others lower: it waits for both (byte order, not text order)
    assertThat(DnsReplicaSource.lowerThanOurs(records, Set.of(ip("10.0.1.20"))))
        .containsExactlyInAnyOrder(ip("10.0.1.9"), ip("10.0.1.7"));
    assertThat(DnsReplicaSource.lowerThanOurs(records, Set.of(ip("10.0.1.9"))))
        .containsExactly(ip("10.0.1.7"));
    assertThat(DnsReplicaSource.lowerThanOurs(records, Set.of(ip("10.0.1.7")))).isEmpty();
    // ours is not listed (a VIP name, another service): nobody is waited for
    assertThat(DnsReplicaSource.lowerThanOurs(records, Set.of(ip("10.0.9.1")))).isEmpty();
    // of the pair 10.0.1.9 / 10.0.1.20 exactly one side dials first
    assertThat(DnsReplicaSource.lowerThanOurs(records, Set.of(ip("10.0.1.9"))))
        .doesNotContain(ip("10.0.1.20"));
  }

  @Test
  void theSinkIsToldWhichReplicasDialUsFirst() throws Exception {
    List<Set<Multiaddr>> seconds = new CopyOnWriteArrayList<>();
    Set<InetAddress> self = Set.of(ip("10.0.1.5"));
    try (DnsReplicaSource source =
        DnsReplicaSource.start(
            "tasks.bzzz",
            4001,
            name -> List.of(ip("10.0.1.5"), ip("10.0.1.6"), ip("10.0.1.4")),
            () -> self,
            (replicas, second) -> seconds.add(second),
            Duration.ofMillis(50))) {
      await().atMost(Duration.ofSeconds(10)).until(() -> !seconds.isEmpty());
    }
    assertThat(seconds.getFirst()).containsExactly(Multiaddr.parse("/ip4/10.0.1.4/tcp/4001"));
  }

  @Test
  void keepsTryingWhenTheNameDoesNotResolveYet() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    DnsReplicaSource.Resolver swarm =
        name -> {
          if (calls.incrementAndGet() < 3) {
            throw new UnknownHostException(name);
          }
          return List.of(ip("10.0.1.9"));
        };
    List<List<Multiaddr>> batches = new CopyOnWriteArrayList<>();
    try (DnsReplicaSource source =
        DnsReplicaSource.start(
            "tasks.svc",
            9000,
            swarm,
            Set::of,
            (replicas, second) -> batches.add(replicas),
            Duration.ofMillis(20))) {
      await().atMost(Duration.ofSeconds(10)).until(() -> !batches.isEmpty());
    }
    assertThat(batches.get(0)).containsExactly(Multiaddr.parse("/ip4/10.0.1.9/tcp/9000"));
  }

  @Test
  void asksAgainQuicklyWhileTheAnswerGrowsThenSettlesToTheInterval() throws Exception {
    // A service scaling up: each lookup lists one replica more, three times, then the same.
    AtomicInteger calls = new AtomicInteger();
    List<InetAddress> all = List.of(ip("10.0.1.2"), ip("10.0.1.3"), ip("10.0.1.4"));
    DnsReplicaSource.Resolver swarm =
        name -> all.subList(0, Math.min(all.size(), calls.incrementAndGet()));
    List<List<Multiaddr>> batches = new CopyOnWriteArrayList<>();
    try (DnsReplicaSource source =
        DnsReplicaSource.start(
            "tasks.bzzz",
            4001,
            swarm,
            Set::of,
            (replicas, second) -> batches.add(replicas),
            Duration.ofHours(1),
            Duration.ofMillis(20))) {
      // 3 changing answers, then SETTLE_ROUNDS unchanged ones at the fast interval; the next
      // lookup would be an hour later.
      int expected = 3 + DnsReplicaSource.SETTLE_ROUNDS;
      await().atMost(Duration.ofSeconds(20)).until(() -> calls.get() >= expected);
      await()
          .during(Duration.ofMillis(500))
          .atMost(Duration.ofSeconds(5))
          .until(() -> calls.get() == expected);
    }
    assertThat(batches).hasSize(3 + DnsReplicaSource.SETTLE_ROUNDS);
    assertThat(batches.get(2)).hasSize(3);
  }

  @Test
  void aNameThatNeverResolvesIsAskedQuicklyOnlyAtFirst() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    DnsReplicaSource.Resolver nothing =
        name -> {
          calls.incrementAndGet();
          throw new UnknownHostException(name);
        };
    try (DnsReplicaSource source =
        DnsReplicaSource.start(
            "tasks.gone",
            4001,
            nothing,
            Set::of,
            (batch, second) -> {},
            Duration.ofHours(1),
            Duration.ofMillis(20))) {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> calls.get() >= DnsReplicaSource.SETTLE_ROUNDS);
      await()
          .during(Duration.ofMillis(500))
          .atMost(Duration.ofSeconds(5))
          .until(() -> calls.get() == DnsReplicaSource.SETTLE_ROUNDS);
    }
  }
}
