package io.bzzz.p2p.pubsub.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bzzz.p2p.Host;
import io.bzzz.p2p.P2pStream;
import io.bzzz.p2p.pubsub.GossipParams;
import io.bzzz.p2p.pubsub.ReceivedMessage;
import io.bzzz.p2p.pubsub.router.StrictSign;
import io.bzzz.p2p.pubsub.wire.ControlMessage;
import io.bzzz.p2p.pubsub.wire.ControlMessage.IWant;
import io.bzzz.p2p.pubsub.wire.PubMessage;
import io.bzzz.p2p.pubsub.wire.Rpc;
import io.bzzz.p2p.pubsub.wire.RpcCodec;
import io.bzzz.p2p.pubsub.wire.RpcFrames;
import io.bzzz.p2p.pubsub.wire.SubOpts;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A peer that speaks raw meshsub bytes: a message with a bad signature, a malformed RPC and an
 * IWANT flood each cost it score; it is pruned and then disconnected, while an honest peer's
 * messages keep flowing.
 */
class MisbehavingPeerTest {
  private static final String TOPIC = "bzzz/coordination/v1";
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void badSignatureMalformedRpcAndIWantFloodCostTheSenderItsConnection() throws Exception {
    try (Host victimHost = TestHosts.start();
        Host honestHost = TestHosts.start();
        Host attacker = TestHosts.start();
        GossipsubService victim =
            GossipsubService.start(
                victimHost, GossipsubService.Options.defaults().withParams(slowDecay()));
        GossipsubService honest = GossipsubService.start(honestHost)) {
      List<ReceivedMessage> received = new CopyOnWriteArrayList<>();
      victim.subscribe(TOPIC, received::add);
      honest.subscribe(TOPIC, m -> {});
      // the attacker advertises meshsub (so the victim opens its stream to it) and drains it
      attacker.setStreamHandler(
          GossipProtocols.MESHSUB_V11, s -> s.in().transferTo(OutputStream.nullOutputStream()));
      honestHost.connect(victimHost.listenAddresses().get(0).withPeerId(victimHost.peerId()));
      attacker.connect(victimHost.listenAddresses().get(0).withPeerId(victimHost.peerId()));
      await().atMost(WAIT).until(() -> victim.peers().size() == 2);

      P2pStream raw = attacker.newStream(victimHost.peerId(), List.of(GossipProtocols.MESHSUB_V11));
      OutputStream out = raw.out();
      send(out, new Rpc(List.of(new SubOpts(true, TOPIC)), List.of(), ControlMessage.EMPTY));
      await().atMost(WAIT).until(() -> victim.topicPeers(TOPIC).contains(attacker.peerId()));
      await().atMost(WAIT).until(() -> victim.meshPeers(TOPIC).contains(attacker.peerId()));

      // 1. an IWANT flood: far more ids than one heartbeat allows (first: once a peer's score is
      // below the gossip threshold its IHAVE/IWANT are ignored without further cost)
      double beforeFlood = victim.score(attacker.peerId());
      List<byte[]> ids = new ArrayList<>();
      for (int i = 0; i < 6000; i++) {
        ids.add(ByteBuffer.allocate(46).putInt(i).array());
      }
      send(
          out,
          Rpc.ofControl(
              new ControlMessage(List.of(), List.of(new IWant(ids)), List.of(), List.of())));
      await().atMost(WAIT).until(() -> victim.score(attacker.peerId()) <= beforeFlood - 19);
      // a negative score is enough to be pruned from the mesh
      await().atMost(WAIT).until(() -> !victim.meshPeers(TOPIC).contains(attacker.peerId()));

      // 2. a message whose signature does not verify
      PubMessage good =
          StrictSign.sign(attacker.identity(), TOPIC, "x".getBytes(StandardCharsets.UTF_8), 1);
      PubMessage forged =
          new PubMessage(
              good.from(),
              Optional.of("y".getBytes(StandardCharsets.UTF_8)),
              good.seqno(),
              TOPIC,
              good.signature(),
              Optional.empty());
      double beforeForged = victim.score(attacker.peerId());
      send(out, new Rpc(List.of(), List.of(forged), ControlMessage.EMPTY));
      await().atMost(WAIT).until(() -> victim.score(attacker.peerId()) <= beforeForged - 19);
      assertThat(received).isEmpty();

      // 3. a frame that is not a protobuf RPC
      double beforeMalformed = victim.score(attacker.peerId());
      out.write(RpcFrames.frame(new byte[] {(byte) 0x0b, 0x01, 0x02}));
      out.flush();
      await().atMost(WAIT).until(() -> victim.score(attacker.peerId()) <= beforeMalformed - 19);

      // honest traffic still flows
      honest.publish(TOPIC, "honest-1".getBytes(StandardCharsets.UTF_8));
      await().atMost(WAIT).until(() -> received.size() == 1);

      // more of the same: the victim disconnects the attacker
      try {
        for (int i = 0; i < 10 && victimHost.connection(attacker.peerId()).isPresent(); i++) {
          send(out, new Rpc(List.of(), List.of(forged), ControlMessage.EMPTY));
        }
      } catch (IOException expected) {
        // the victim closed the connection under us
      }
      await().atMost(WAIT).until(() -> victimHost.connection(attacker.peerId()).isEmpty());
      assertThat(victim.peers()).containsExactly(honestHost.peerId());

      honest.publish(TOPIC, "honest-2".getBytes(StandardCharsets.UTF_8));
      await().atMost(WAIT).until(() -> received.size() == 2);
      assertThat(received).extracting(ReceivedMessage::from).containsOnly(honestHost.peerId());
    }
  }

  /** Default parameters, but penalties that barely decay, so each one shows as about -20. */
  private static GossipParams slowDecay() {
    GossipParams d = GossipParams.defaults();
    return new GossipParams(
        d.d(),
        d.dLo(),
        d.dHi(),
        d.dLazy(),
        d.dScore(),
        d.dOut(),
        d.gossipFactor(),
        d.heartbeatInterval(),
        d.heartbeatInitialDelay(),
        d.fanoutTtl(),
        d.mcacheLength(),
        d.mcacheGossip(),
        d.seenTtl(),
        d.pruneBackoff(),
        d.unsubscribeBackoff(),
        d.prunePeers(),
        d.maxIHaveLength(),
        d.maxIHaveMessages(),
        d.maxIWantPerHeartbeat(),
        d.gossipRetransmission(),
        d.maxMessageSize(),
        d.floodPublish(),
        d.penaltyInvalidMessage(),
        d.penaltyMalformedRpc(),
        d.penaltyIWantFlood(),
        d.penaltyBackoffGraft(),
        0.9999,
        d.gossipThreshold(),
        d.disconnectThreshold());
  }

  private static void send(OutputStream out, Rpc rpc) throws IOException {
    out.write(RpcFrames.frame(RpcCodec.encode(rpc)));
    out.flush();
  }
}
