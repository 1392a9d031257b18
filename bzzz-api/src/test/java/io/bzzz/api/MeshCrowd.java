package io.bzzz.api;

import io.bzzz.agent.coordination.Envelope;
import io.bzzz.agent.coordination.MessageCodec;
import io.bzzz.agent.coordination.Payload;
import io.bzzz.agent.coordination.Topics;
import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.discovery.bootstrap.BootstrapConfig;
import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.p2p.node.NodeConfig;
import io.bzzz.p2p.node.P2pNode;
import io.bzzz.p2p.pubsub.PubSub;
import io.bzzz.p2p.pubsub.host.GossipsubService;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Light mesh members for cluster-sized tests: each is a real libp2p node (TCP, Noise, Yamux,
 * gossipsub) on its own loopback address, bootstrapped to one agent, that publishes what an agent
 * publishes about itself, as often as an agent would: its {@code capability_broadcast} (its role as
 * specialization, its multiaddrs) at the start only, until it has reached a peer in {@link
 * #CAPABILITY_ROUNDS} rounds, and an {@code availability_broadcast} every {@link #INTERVAL}. A few
 * are "chatty" and publish {@link #CHATTY_BURST} availability broadcasts per interval. They claim
 * no task and serve no API: the agents' peer tables and event streams are what they feed. Owns the
 * nodes and the publishing thread.
 */
final class MeshCrowd implements AutoCloseable {
  static final Duration INTERVAL = Duration.ofSeconds(2);
  static final int CHATTY_BURST = 4;
  static final int CAPABILITY_ROUNDS = 2;
  private static final String TOPIC = Topics.Profile.BZZZ.topics().coordination();

  /** One light member: where it runs and what it says it is. */
  record Member(
      P2pNode node,
      String peerId,
      String host,
      String role,
      boolean chatty,
      AtomicInteger capabilityRounds) {}

  private final List<Member> members = new ArrayList<>();
  private final MessageCodec codec = new MessageCodec();
  private final ScheduledExecutorService publisher =
      Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("crowd").factory());
  private Optional<ScheduledFuture<?>> rounds = Optional.empty();
  private final LongAdder published = new LongAdder();
  private final LongAdder unsent = new LongAdder();

  /**
   * Starts {@code count} members: member {@code i} listens on {@code hosts.get(i % hosts.size())},
   * has role {@code roles.get(i % roles.size())}, and is chatty when {@code i < chatty}.
   */
  static MeshCrowd start(
      int count, List<String> hosts, List<String> roles, int chatty, Multiaddr bootstrap)
      throws IOException {
    MeshCrowd crowd = new MeshCrowd();
    try {
      for (int i = 0; i < count; i++) {
        String host = hosts.get(i % hosts.size());
        NodeConfig config =
            NodeConfig.defaults(PrivateKey.generate(), "crowd-member-%026d".formatted(i))
                .withListen(List.of(Multiaddr.parse("/ip4/" + host + "/tcp/0")))
                .withBootstrap(BootstrapConfig.of(List.of(bootstrap)))
                .withMdns(Optional.empty())
                .withKad(Optional.empty())
                .withAgentVersion("bzzz/test-crowd")
                .withGossip(Optional.of(GossipsubService.Options.defaults()));
        P2pNode node = P2pNode.start(config);
        crowd.members.add(
            new Member(
                node,
                node.peerId().toString(),
                host,
                roles.get(i % roles.size()),
                i < chatty,
                new AtomicInteger()));
        node.pubsub().orElseThrow().subscribe(TOPIC, m -> {});
      }
    } catch (IOException | RuntimeException e) {
      crowd.close();
      throw e;
    }
    crowd.rounds =
        Optional.of(
            crowd.publisher.scheduleAtFixedRate(
                crowd::publishRound, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS));
    return crowd;
  }

  List<Member> members() {
    return List.copyOf(members);
  }

  /** Messages the members handed to gossipsub, and how many of them reached no peer. */
  long published() {
    return published.sum();
  }

  long unsent() {
    return unsent.sum();
  }

  /**
   * Every member says that it is ready; what it is, only until a peer heard it: an agent sends its
   * capabilities at the start and on a change, not on every beat.
   */
  private void publishRound() {
    Instant now = Instant.now();
    for (Member m : members) {
      PubSub pubsub = m.node().pubsub().orElseThrow();
      if (m.capabilityRounds().get() < CAPABILITY_ROUNDS
          && publish(pubsub, m, capabilities(m, now))) {
        m.capabilityRounds().incrementAndGet();
      }
      for (int i = 0; i < (m.chatty() ? CHATTY_BURST : 1); i++) {
        publish(pubsub, m, Payload.AvailabilityBroadcast.of(m.peerId(), 0, 1, now, now, List.of()));
      }
    }
  }

  private Payload.CapabilityBroadcast capabilities(Member m, Instant now) {
    return new Payload.CapabilityBroadcast(
        m.peerId(),
        List.of("git", "role-" + m.role()),
        List.of(),
        "test",
        m.role(),
        now,
        "startup",
        "",
        m.node().fullAddresses().stream().map(Multiaddr::toString).toList(),
        "");
  }

  /** True when the message went to at least one peer. */
  private boolean publish(PubSub pubsub, Member m, Payload payload) {
    published.increment();
    try {
      if (pubsub
              .publish(TOPIC, codec.encode(Envelope.of(m.peerId(), Instant.now(), payload)))
              .peers()
          > 0) {
        return true;
      }
    } catch (RuntimeException e) {
      // the node is closing: counted as unsent
    }
    unsent.increment();
    return false;
  }

  @Override
  public void close() {
    rounds.ifPresent(r -> r.cancel(false));
    publisher.shutdownNow();
    for (Member m : members) {
      m.node().close();
    }
  }
}
