package io.bzzz.p2p.pubsub.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bzzz.p2p.Host;
import io.bzzz.p2p.pubsub.ReceivedMessage;
import io.bzzz.p2p.pubsub.TopicEvent;
import io.bzzz.p2p.pubsub.ValidationResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Java nodes on real hosts over loopback TCP. */
class GossipServiceTest {
  private static final String TOPIC = "bzzz/coordination/v1";
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void threeJavaNodesInALineDeliverExactlyOnceAndReportJoinAndLeave() throws Exception {
    try (Host ha = TestHosts.start();
        Host hb = TestHosts.start();
        Host hc = TestHosts.start();
        GossipsubService a = GossipsubService.start(ha);
        GossipsubService b = GossipsubService.start(hb);
        GossipsubService c = GossipsubService.start(hc)) {
      List<TopicEvent> events = new CopyOnWriteArrayList<>();
      b.onTopicEvent(events::add);
      List<ReceivedMessage> atC = new CopyOnWriteArrayList<>();
      List<ReceivedMessage> atB = new CopyOnWriteArrayList<>();
      a.subscribe(TOPIC, m -> {});
      var subB = b.subscribe(TOPIC, atB::add);
      c.subscribe(TOPIC, atC::add);
      b.setValidator(
          TOPIC, m -> m.data().length > 0 ? ValidationResult.ACCEPT : ValidationResult.REJECT);
      ha.connect(hb.listenAddresses().get(0).withPeerId(hb.peerId()));
      hc.connect(hb.listenAddresses().get(0).withPeerId(hb.peerId()));
      await().atMost(WAIT).until(() -> b.meshPeers(TOPIC).size() == 2);
      await().atMost(WAIT).until(() -> a.meshPeers(TOPIC).contains(hb.peerId()));
      await().atMost(WAIT).until(() -> c.meshPeers(TOPIC).contains(hb.peerId()));
      assertThat(events)
          .contains(
              new TopicEvent.Joined(ha.peerId(), TOPIC), new TopicEvent.Joined(hc.peerId(), TOPIC));

      for (int i = 0; i < 50; i++) {
        a.publish(TOPIC, ("m" + i).getBytes(StandardCharsets.UTF_8));
      }
      await().atMost(WAIT).until(() -> atC.size() == 50);
      assertThat(atC)
          .extracting(m -> new String(m.data(), StandardCharsets.UTF_8))
          .doesNotHaveDuplicates();
      assertThat(atC).allSatisfy(m -> assertThat(m.from()).isEqualTo(ha.peerId()));
      assertThat(atB).hasSize(50);

      // an empty message is rejected by b's validator: c never sees it
      a.publish(TOPIC, new byte[0]);
      a.publish(TOPIC, "after".getBytes(StandardCharsets.UTF_8));
      await().atMost(WAIT).until(() -> atC.size() == 51);
      assertThat(new String(atC.get(50).data(), StandardCharsets.UTF_8)).isEqualTo("after");

      subB.close();
      await().atMost(WAIT).until(() -> !a.topicPeers(TOPIC).contains(hb.peerId()));
      hc.close();
      await().atMost(WAIT).until(() -> events.contains(new TopicEvent.Left(hc.peerId(), TOPIC)));
    }
  }
}
