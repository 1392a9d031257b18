package io.bzzz.p2p.pubsub.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.pubsub.GossipParams;
import io.bzzz.p2p.pubsub.MessageIdFunction;
import io.bzzz.p2p.pubsub.TopicEvent;
import io.bzzz.p2p.pubsub.ValidationResult;
import io.bzzz.p2p.pubsub.wire.ControlMessage;
import io.bzzz.p2p.pubsub.wire.ControlMessage.Graft;
import io.bzzz.p2p.pubsub.wire.ControlMessage.IHave;
import io.bzzz.p2p.pubsub.wire.ControlMessage.IWant;
import io.bzzz.p2p.pubsub.wire.ControlMessage.Prune;
import io.bzzz.p2p.pubsub.wire.ControlMessage.PxPeer;
import io.bzzz.p2p.pubsub.wire.PubMessage;
import io.bzzz.p2p.pubsub.wire.Rpc;
import io.bzzz.p2p.pubsub.wire.SubOpts;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class GossipRouterTest {
  private static final String TOPIC = "bzzz/coordination/v1";
  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-22T10:00:00Z"));
  private final RecordingOutput out = new RecordingOutput();
  private final SecureRandom keys = deterministic(1);

  private GossipRouter router(GossipParams params) {
    return new GossipRouter(
        params,
        PrivateKey.generate(keys),
        clock,
        new Random(7),
        MessageIdFunction.FROM_AND_SEQNO,
        out);
  }

  private GossipRouter router() {
    return router(GossipParams.defaults());
  }

  private List<PrivateKey> peers(GossipRouter r, int n, boolean outbound, String... topics) {
    List<PrivateKey> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      PrivateKey k = PrivateKey.generate(keys);
      r.addPeer(k.peerId(), outbound, true);
      List<SubOpts> subs = new ArrayList<>();
      for (String t : topics) {
        subs.add(new SubOpts(true, t));
      }
      r.handleRpc(k.peerId(), new Rpc(subs, List.of(), ControlMessage.EMPTY));
      list.add(k);
    }
    return list;
  }

  private static Rpc control(ControlMessage c) {
    return Rpc.ofControl(c);
  }

  private static ControlMessage grafts(String topic) {
    return new ControlMessage(List.of(), List.of(), List.of(new Graft(topic)), List.of());
  }

  private static Rpc publish(PubMessage m) {
    return new Rpc(List.of(), List.of(m), ControlMessage.EMPTY);
  }

  @Test
  void firstRpcToANewPeerCarriesAllSubscriptions() {
    GossipRouter r = router();
    r.subscribe("a");
    r.subscribe("b");
    PeerId p = PrivateKey.generate(keys).peerId();
    r.addPeer(p, true, true);
    assertThat(out.sent).hasSize(1);
    assertThat(out.sent.get(0).rpc().subscriptions())
        .containsExactly(new SubOpts(true, "a"), new SubOpts(true, "b"));
  }

  @Test
  void subscribingGraftsDPeersInTheSameRpcAsTheSubscription() {
    GossipRouter r = router();
    List<PrivateKey> ps = peers(r, 10, true, TOPIC);
    out.clear();
    r.subscribe(TOPIC);
    assertThat(r.meshPeers(TOPIC)).hasSize(6);
    for (RecordingOutput.Sent s : out.sent) {
      assertThat(s.rpc().subscriptions()).containsExactly(new SubOpts(true, TOPIC));
    }
    assertThat(out.peersGot(ControlMessage::graft)).hasSize(6);
    assertThat(out.sent).hasSize(ps.size());
    assertThat(out.events).hasSize(0);
  }

  @Test
  void topicEventsFollowSubscriptionsAndDisconnects() {
    GossipRouter r = router();
    PrivateKey p = peers(r, 1, true, TOPIC).get(0);
    assertThat(out.events).containsExactly(new TopicEvent.Joined(p.peerId(), TOPIC));
    assertThat(r.topicPeers(TOPIC)).containsExactly(p.peerId());
    r.removePeer(p.peerId());
    assertThat(out.events).last().isEqualTo(new TopicEvent.Left(p.peerId(), TOPIC));
    assertThat(r.topicPeers(TOPIC)).isEmpty();
  }

  @Test
  void graftDuringBackoffIsPrunedAndPenalised() {
    GossipRouter r = router();
    r.subscribe(TOPIC);
    PeerId p = peers(r, 1, false, TOPIC).get(0).peerId();
    r.handleRpc(p, control(grafts(TOPIC)));
    assertThat(r.meshPeers(TOPIC)).containsExactly(p);
    // it prunes itself, then grafts again at once
    r.handleRpc(
        p,
        control(
            new ControlMessage(
                List.of(),
                List.of(),
                List.of(),
                List.of(new Prune(TOPIC, List.of(), OptionalLong.of(60))))));
    assertThat(r.meshPeers(TOPIC)).isEmpty();
    out.clear();
    r.handleRpc(p, control(grafts(TOPIC)));
    assertThat(r.meshPeers(TOPIC)).isEmpty();
    List<Prune> prunes = out.control(p, ControlMessage::prune);
    assertThat(prunes).hasSize(1);
    assertThat(prunes.get(0).backoffSeconds()).hasValue(60);
    assertThat(r.score(p)).isNegative();
  }

  @Test
  void prunedPeerIsNotRegraftedBeforeBackoffPlusAHeartbeat() {
    GossipRouter r = router();
    r.subscribe(TOPIC);
    PeerId p = peers(r, 1, true, TOPIC).get(0).peerId();
    r.heartbeat();
    assertThat(r.meshPeers(TOPIC)).containsExactly(p);
    r.handleRpc(
        p,
        control(
            new ControlMessage(
                List.of(),
                List.of(),
                List.of(),
                List.of(new Prune(TOPIC, List.of(), OptionalLong.of(10))))));
    out.clear();
    for (int s = 0; s < 10; s++) {
      clock.advance(Duration.ofSeconds(1));
      r.heartbeat();
    }
    // the last heartbeat ran when the backoff ended: one heartbeat of slack kept p out
    assertThat(out.control(p, ControlMessage::graft)).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    r.heartbeat();
    assertThat(out.control(p, ControlMessage::graft)).containsExactly(new Graft(TOPIC));
    assertThat(r.meshPeers(TOPIC)).containsExactly(p);
  }

  @Test
  void pruneWithPeerExchangeOffersCandidates() {
    GossipRouter r = router();
    r.subscribe(TOPIC);
    PeerId p = peers(r, 1, true, TOPIC).get(0).peerId();
    PeerId stranger = PrivateKey.generate(keys).peerId();
    r.handleRpc(
        p,
        control(
            new ControlMessage(
                List.of(),
                List.of(),
                List.of(),
                List.of(
                    new Prune(
                        TOPIC,
                        List.of(
                            new PxPeer(stranger.bytes(), Optional.empty()),
                            new PxPeer(new byte[] {1, 2, 3}, Optional.empty())),
                        OptionalLong.empty())))));
    assertThat(out.exchanged).containsExactly(List.of(stranger));
  }

  @Test
  void oversubscribedMeshIsPrunedToDWithPeerExchangeAndOutboundKept() {
    GossipRouter r = router();
    r.subscribe(TOPIC);
    List<PrivateKey> inbound = peers(r, 12, false, TOPIC);
    List<PrivateKey> outbound = peers(r, 2, true, TOPIC);
    for (PrivateKey k : inbound) {
      r.handleRpc(k.peerId(), control(grafts(TOPIC)));
    }
    for (PrivateKey k : outbound) {
      r.handleRpc(k.peerId(), control(grafts(TOPIC)));
    }
    assertThat(r.meshPeers(TOPIC).size()).isGreaterThan(12);
    out.clear();
    r.heartbeat();
    assertThat(r.meshPeers(TOPIC)).hasSize(6);
    long keptOutbound =
        outbound.stream().filter(k -> r.meshPeers(TOPIC).contains(k.peerId())).count();
    assertThat(keptOutbound).isGreaterThanOrEqualTo(2);
    List<PeerId> pruned = out.peersGot(ControlMessage::prune);
    assertThat(pruned).hasSize(14 - 6);
    Prune prune = out.control(pruned.get(0), ControlMessage::prune).get(0);
    assertThat(prune.peers()).isNotEmpty().hasSizeLessThanOrEqualTo(16);
    assertThat(prune.backoffSeconds()).hasValue(60);
  }

  @Test
  void graftBeyondDHiFromInboundIsRefused() {
    GossipRouter r = router();
    r.subscribe(TOPIC);
    List<PrivateKey> ps = peers(r, 13, false, TOPIC);
    for (PrivateKey k : ps) {
      r.handleRpc(k.peerId(), control(grafts(TOPIC)));
    }
    assertThat(r.meshPeers(TOPIC)).hasSize(12);
  }

  @Test
  void publishingToAnUnsubscribedTopicUsesAFanoutThatExpires() {
    GossipRouter r = router(GossipParams.defaults().withFloodPublish(false));
    List<PrivateKey> ps = peers(r, 10, true, TOPIC);
    r.publish(TOPIC, "x".getBytes(StandardCharsets.UTF_8));
    assertThat(r.fanoutPeers(TOPIC)).hasSize(6);
    long receivers = ps.stream().filter(k -> !out.messagesTo(k.peerId()).isEmpty()).count();
    assertThat(receivers).isEqualTo(6);
    clock.advance(Duration.ofSeconds(30));
    r.heartbeat();
    assertThat(r.fanoutPeers(TOPIC)).hasSize(6);
    clock.advance(Duration.ofSeconds(31));
    r.heartbeat();
    assertThat(r.fanoutPeers(TOPIC)).isEmpty();
  }

  @Test
  void floodPublishReachesEveryTopicPeerWithIncreasingSeqnos() {
    GossipRouter r = router();
    r.subscribe(TOPIC);
    List<PrivateKey> ps = peers(r, 10, true, TOPIC);
    out.clear();
    long first = r.publish(TOPIC, "1".getBytes(StandardCharsets.UTF_8)).seqno();
    var second = r.publish(TOPIC, "2".getBytes(StandardCharsets.UTF_8));
    assertThat(second.seqno()).isEqualTo(first + 1);
    assertThat(second.peers()).isEqualTo(10);
    for (PrivateKey k : ps) {
      assertThat(out.messagesTo(k.peerId())).hasSize(2);
    }
    assertThat(StrictSign.verify(out.messagesTo(ps.get(0).peerId()).get(0))).isEqualTo(r.self());
  }

  @Test
  void heartbeatGossipsIHaveWithTopicAndAnswersIWantWithinRetransmissionLimit() {
    GossipRouter r = router();
    r.subscribe(TOPIC);
    List<PrivateKey> ps = peers(r, 20, true, TOPIC);
    r.heartbeat();
    var published = r.publish(TOPIC, "hello".getBytes(StandardCharsets.UTF_8));
    out.clear();
    r.heartbeat();
    List<PeerId> gossiped = out.peersGot(ControlMessage::ihave);
    assertThat(gossiped)
        .hasSizeGreaterThanOrEqualTo(6)
        .doesNotContainAnyElementsOf(r.meshPeers(TOPIC));
    IHave ihave = out.control(gossiped.get(0), ControlMessage::ihave).get(0);
    assertThat(ihave.topic()).isEqualTo(TOPIC);
    assertThat(ihave.messageIds()).containsExactly(published.id().bytes());

    PeerId asker = ps.get(0).peerId();
    out.clear();
    for (int i = 0; i < 5; i++) {
      r.handleRpc(
          asker,
          control(
              new ControlMessage(
                  List.of(),
                  List.of(new IWant(List.of(published.id().bytes()))),
                  List.of(),
                  List.of())));
    }
    assertThat(out.messagesTo(asker)).hasSize(3);
  }

  @Test
  void ihaveOfUnseenMessagesIsAnsweredWithIWantOnlyForSubscribedTopics() {
    GossipRouter r = router();
    r.subscribe(TOPIC);
    PeerId p = peers(r, 1, true, TOPIC).get(0).peerId();
    out.clear();
    byte[] id = new byte[] {1, 2, 3};
    r.handleRpc(
        p,
        control(
            new ControlMessage(
                List.of(new IHave(TOPIC, List.of(id)), new IHave("other", List.of(new byte[] {9}))),
                List.of(),
                List.of(),
                List.of())));
    List<IWant> iwants = out.control(p, ControlMessage::iwant);
    assertThat(iwants).hasSize(1);
    assertThat(iwants.get(0).messageIds()).containsExactly(id);
  }

  @Test
  void iwantFloodCostsTheSenderOncePerHeartbeat() {
    GossipRouter r = router();
    r.subscribe(TOPIC);
    PeerId p = peers(r, 1, true, TOPIC).get(0).peerId();
    List<byte[]> ids =
        IntStream.range(0, 5001).mapToObj(i -> ByteBuffer.allocate(4).putInt(i).array()).toList();
    r.handleRpc(
        p, control(new ControlMessage(List.of(), List.of(new IWant(ids)), List.of(), List.of())));
    assertThat(r.score(p)).isEqualTo(-20);
    r.handleRpc(
        p, control(new ControlMessage(List.of(), List.of(new IWant(ids)), List.of(), List.of())));
    assertThat(r.score(p)).isEqualTo(-20);
  }

  @Test
  void seenIsCheckedBeforeVerifyingAndMarkedOnlyAfterValidation() {
    GossipRouter r = router();
    r.subscribe(TOPIC);
    List<PrivateKey> ps = peers(r, 2, true, TOPIC);
    PeerId honest = ps.get(0).peerId();
    PeerId forger = ps.get(1).peerId();
    PrivateKey author = PrivateKey.generate(keys);
    PubMessage valid = StrictSign.sign(author, TOPIC, "data".getBytes(StandardCharsets.UTF_8), 1);
    PubMessage forged = withSignature(valid, new byte[64]);

    // a forged copy first: penalised, not marked seen, so the valid copy still gets through
    r.handleRpc(forger, publish(forged));
    assertThat(r.score(forger)).isEqualTo(-20);
    assertThat(out.delivered).isEmpty();
    r.handleRpc(honest, publish(valid));
    assertThat(out.delivered).hasSize(1);
    assertThat(out.delivered.get(0).from()).isEqualTo(author.peerId());
    assertThat(out.delivered.get(0).receivedFrom()).isEqualTo(honest);

    // a forged copy of a seen message is dropped before verification: no penalty
    r.handleRpc(honest, publish(forged));
    assertThat(r.score(honest)).isZero();
    assertThat(out.delivered).hasSize(1);
  }

  @Test
  void copiesArrivingWhileTheFirstIsCheckedAreNeitherVerifiedNorDeliveredTwice() {
    GossipRouter r = router();
    r.subscribe(TOPIC);
    List<PrivateKey> ps = peers(r, 4, true, TOPIC);
    r.heartbeat();
    assertThat(r.meshPeers(TOPIC)).hasSize(4);
    PubMessage m =
        StrictSign.sign(PrivateKey.generate(keys), TOPIC, "x".getBytes(StandardCharsets.UTF_8), 1);
    out.clear();

    List<UnverifiedMessage> first = r.receive(ps.get(0).peerId(), publish(m));
    assertThat(first).hasSize(1);
    // the same id from two more peers while the first copy is checked: nothing more to check
    assertThat(r.receive(ps.get(1).peerId(), publish(m))).isEmpty();
    assertThat(r.receive(ps.get(2).peerId(), publish(m))).isEmpty();
    assertThat(r.seen(first.get(0).id())).isFalse();

    assertThat(r.complete(List.of(r.check(first.get(0))))).isEmpty();
    assertThat(out.delivered).hasSize(1);
    assertThat(out.delivered.get(0).receivedFrom()).isEqualTo(ps.get(0).peerId());
    assertThat(r.seen(first.get(0).id())).isTrue();
    // forwarded only to the mesh peer that did not send a copy
    assertThat(out.messagesTo(ps.get(3).peerId())).hasSize(1);
    for (int i = 0; i < 3; i++) {
      assertThat(out.messagesTo(ps.get(i).peerId())).isEmpty();
    }
    assertThat(r.receive(ps.get(3).peerId(), publish(m))).isEmpty(); // seen now
    assertThat(out.delivered).hasSize(1);
  }

  @Test
  void aCheckThatNeverCompletesIsForgottenSoLaterCopiesGetThrough() {
    GossipRouter r = router();
    r.subscribe(TOPIC);
    List<PrivateKey> ps = peers(r, 2, true, TOPIC);
    PubMessage m =
        StrictSign.sign(PrivateKey.generate(keys), TOPIC, "x".getBytes(StandardCharsets.UTF_8), 1);
    assertThat(r.receive(ps.get(0).peerId(), publish(m))).hasSize(1); // its check is lost
    assertThat(r.receive(ps.get(1).peerId(), publish(m))).isEmpty();
    clock.advance(Duration.ofSeconds(31));
    r.heartbeat();
    List<UnverifiedMessage> again = r.receive(ps.get(1).peerId(), publish(m));
    assertThat(again).hasSize(1);
    r.complete(again.stream().map(r::check).toList());
    assertThat(out.delivered).hasSize(1);
  }

  @Test
  void aForgedCopyInFlightDoesNotShadowTheRealOneArrivingMeanwhile() {
    GossipRouter r = router();
    r.subscribe(TOPIC);
    List<PrivateKey> ps = peers(r, 3, true, TOPIC);
    PeerId forger = ps.get(0).peerId();
    PeerId honest = ps.get(1).peerId();
    PeerId alsoForger = ps.get(2).peerId();
    PrivateKey author = PrivateKey.generate(keys);
    PubMessage valid = StrictSign.sign(author, TOPIC, "data".getBytes(StandardCharsets.UTF_8), 1);
    PubMessage forged = withSignature(valid, new byte[64]);

    List<UnverifiedMessage> toCheck = r.receive(forger, publish(forged));
    assertThat(r.receive(honest, publish(valid))).isEmpty();
    assertThat(r.receive(alsoForger, publish(forged))).isEmpty();

    // the forged copy fails: both its senders pay, and the real copy is handed back for checking
    List<UnverifiedMessage> again = r.complete(toCheck.stream().map(r::check).toList());
    assertThat(r.score(forger)).isEqualTo(-20);
    assertThat(r.score(alsoForger)).isEqualTo(-20);
    assertThat(out.delivered).isEmpty();
    assertThat(again).hasSize(1);
    assertThat(again.get(0).source()).isEqualTo(honest);

    assertThat(r.complete(again.stream().map(r::check).toList())).isEmpty();
    assertThat(out.delivered).hasSize(1);
    assertThat(out.delivered.get(0).receivedFrom()).isEqualTo(honest);
    assertThat(r.score(honest)).isZero();
  }

  @Test
  void validatorsDecideDeliveryForwardingAndPenalties() {
    GossipRouter r = router();
    r.subscribe(TOPIC);
    List<PrivateKey> ps = peers(r, 3, true, TOPIC);
    r.heartbeat();
    PeerId source = ps.get(0).peerId();
    r.setValidator(
        TOPIC,
        m ->
            switch (new String(m.data(), StandardCharsets.UTF_8)) {
              case "bad" -> ValidationResult.REJECT;
              case "meh" -> ValidationResult.IGNORE;
              default -> ValidationResult.ACCEPT;
            });
    PrivateKey author = PrivateKey.generate(keys);
    out.clear();
    r.handleRpc(
        source, publish(StrictSign.sign(author, TOPIC, "meh".getBytes(StandardCharsets.UTF_8), 1)));
    assertThat(r.score(source)).isZero();
    r.handleRpc(
        source, publish(StrictSign.sign(author, TOPIC, "bad".getBytes(StandardCharsets.UTF_8), 2)));
    assertThat(r.score(source)).isNegative();
    assertThat(out.delivered).isEmpty();
    assertThat(out.sent.stream().filter(s -> !s.rpc().publish().isEmpty())).isEmpty();

    PeerId other = ps.get(1).peerId();
    r.handleRpc(
        other, publish(StrictSign.sign(author, TOPIC, "good".getBytes(StandardCharsets.UTF_8), 3)));
    assertThat(out.delivered).hasSize(1);
    assertThat(out.messagesTo(ps.get(2).peerId())).hasSize(1); // forwarded to the mesh
    assertThat(out.messagesTo(other)).isEmpty(); // never back to the source
  }

  @Test
  void repeatedInvalidMessagesPruneThenDisconnectThePeerAndItStaysOut() {
    GossipRouter r = router();
    r.subscribe(TOPIC);
    PeerId bad = peers(r, 1, true, TOPIC).get(0).peerId();
    r.heartbeat();
    assertThat(r.meshPeers(TOPIC)).containsExactly(bad);
    PrivateKey author = PrivateKey.generate(keys);
    out.clear();
    r.handleRpc(
        bad, publish(withSignature(StrictSign.sign(author, TOPIC, new byte[1], 1), new byte[64])));
    assertThat(r.meshPeers(TOPIC)).isEmpty();
    assertThat(out.control(bad, ControlMessage::prune)).hasSize(1);
    for (int i = 2; i < 7; i++) {
      r.handleRpc(
          bad,
          publish(withSignature(StrictSign.sign(author, TOPIC, new byte[1], i), new byte[64])));
    }
    assertThat(out.disconnected).containsExactly(bad);
    assertThat(r.peers()).isEmpty();
    out.clear();
    r.addPeer(bad, true, true);
    assertThat(out.disconnected).containsExactly(bad);
  }

  @Test
  void malformedRpcsCostTheSender() {
    GossipRouter r = router();
    PeerId p = peers(r, 1, true, TOPIC).get(0).peerId();
    r.malformedRpc(p, "truncated");
    assertThat(r.score(p)).isEqualTo(-20);
    r.heartbeat();
    assertThat(r.score(p)).isEqualTo(-18, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void seenEntriesExpireAfterTheirTtl() {
    GossipRouter r = router();
    r.subscribe(TOPIC);
    PeerId p = peers(r, 1, true, TOPIC).get(0).peerId();
    PubMessage m = StrictSign.sign(PrivateKey.generate(keys), TOPIC, new byte[1], 1);
    r.handleRpc(p, publish(m));
    r.handleRpc(p, publish(m));
    assertThat(out.delivered).hasSize(1);
    clock.advance(Duration.ofMinutes(2).plusSeconds(1));
    r.heartbeat();
    r.handleRpc(p, publish(m));
    assertThat(out.delivered).hasSize(2);
  }

  private static PubMessage withSignature(PubMessage m, byte[] signature) {
    return new PubMessage(
        m.from(), m.data(), m.seqno(), m.topic(), Optional.of(signature), m.key());
  }

  static SecureRandom deterministic(long seed) {
    try {
      SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
      r.setSeed(seed);
      return r;
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
