package io.bzzz.p2p.pubsub.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.bzzz.p2p.Host;
import io.bzzz.p2p.pubsub.ReceivedMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Gossipsub against js-libp2p (@chainsafe/libp2p-gossipsub 14.1.2) over real TCP connections. */
@Tag("interop")
class GossipInteropTest {
  private static final String TOPIC = "bzzz/coordination/v1";
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void jsToJavaAndJavaToJs() throws Exception {
    try (JsGossipPeer js = new JsGossipPeer();
        Host host = TestHosts.start();
        GossipsubService java = GossipsubService.start(host)) {
      List<ReceivedMessage> received = new CopyOnWriteArrayList<>();
      java.subscribe(TOPIC, received::add);
      js.command("sub " + TOPIC);
      host.connect(js.address());

      await().atMost(WAIT).until(() -> java.topicPeers(TOPIC).contains(js.peerId()));
      await().atMost(WAIT).until(() -> js.topicPeers(TOPIC).contains(host.peerId().toString()));
      await().atMost(WAIT).until(() -> java.meshPeers(TOPIC).contains(js.peerId()));

      js.command("pub " + TOPIC + " hello-from-js");
      await().atMost(WAIT).until(() -> !received.isEmpty());
      ReceivedMessage m = received.get(0);
      assertThat(m.from()).isEqualTo(js.peerId());
      assertThat(m.topic()).isEqualTo(TOPIC);
      assertThat(new String(m.data(), StandardCharsets.UTF_8)).isEqualTo("hello-from-js");

      var published = java.publish(TOPIC, "hello-from-java".getBytes(StandardCharsets.UTF_8));
      String line = js.awaitMessage("hello-from-java");
      assertThat(JsGossipPeer.field(line, "from")).hasValue(host.peerId().toString());
      assertThat(JsGossipPeer.field(line, "seqno"))
          .hasValue(Long.toUnsignedString(published.seqno()));
      // several in a row arrive in order and exactly once
      for (int i = 0; i < 20; i++) {
        java.publish(TOPIC, ("n" + i).getBytes(StandardCharsets.UTF_8));
      }
      js.awaitMessage("n19");
      assertThat(js.stdout().stream().filter(l -> l.contains("\"data\":\"n")).count())
          .isEqualTo(20);
    }
  }

  @Test
  void javaForwardsBetweenJsPeersThatOnlyKnowIt() throws Exception {
    try (JsGossipPeer a = new JsGossipPeer();
        JsGossipPeer b = new JsGossipPeer();
        Host host = TestHosts.start();
        GossipsubService java = GossipsubService.start(host)) {
      java.subscribe(TOPIC, m -> {});
      a.command("sub " + TOPIC);
      b.command("sub " + TOPIC);
      host.connect(a.address());
      host.connect(b.address());
      await()
          .atMost(WAIT)
          .until(() -> java.meshPeers(TOPIC).containsAll(List.of(a.peerId(), b.peerId())));
      await().atMost(WAIT).until(() -> a.topicPeers(TOPIC).contains(host.peerId().toString()));
      await().atMost(WAIT).until(() -> b.topicPeers(TOPIC).contains(host.peerId().toString()));
      assertThat(a.topicPeers(TOPIC)).doesNotContain(b.peerId().toString());

      a.command("pub " + TOPIC + " relayed-by-java");
      String line = b.awaitMessage("relayed-by-java");
      assertThat(JsGossipPeer.field(line, "from")).hasValue(a.peerId().toString());
    }
  }
}
