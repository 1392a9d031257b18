package io.bzzz.p2p.node;

import io.bzzz.p2p.crypto.PrivateKey;
import io.bzzz.p2p.discovery.mdns.PeerNames;
import io.bzzz.p2p.multiformats.Multiaddr;
import io.bzzz.p2p.pubsub.PubSub;
import io.bzzz.p2p.pubsub.TopicEvent;
import io.bzzz.p2p.pubsub.host.GossipsubService;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;

/**
 * A child-process node for the namespace test: P2pNode with mDNS and gossipsub (no kad, no
 * bootstrap), subscribed to {@code args[1]}. Prints "id &lt;peer&gt;", then "peer &lt;id&gt;" when
 * a peer joins the topic and "message &lt;from&gt; &lt;text&gt;" per message; publishes each stdin
 * line.
 */
public final class NodeProbe {
  private NodeProbe() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    String topic = args[1];
    SecureRandom random = new SecureRandom();
    NodeConfig config =
        NodeConfig.defaults(PrivateKey.generate(random), PeerNames.random(random))
            .withListen(List.of(Multiaddr.parse("/ip4/" + args[0] + "/tcp/4001")))
            .withKad(Optional.empty())
            .withGossip(Optional.of(GossipsubService.Options.defaults()));
    try (P2pNode node = P2pNode.start(config)) {
      PubSub pubsub = node.pubsub().orElseThrow();
      pubsub.onTopicEvent(
          e -> {
            if (e instanceof TopicEvent.Joined joined && joined.topic().equals(topic)) {
              out.println("peer " + joined.peer());
            }
          });
      pubsub.subscribe(
          topic,
          m ->
              out.println(
                  "message " + m.from() + " " + new String(m.data(), StandardCharsets.UTF_8)));
      out.println("id " + node.peerId());
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line;
      while ((line = in.readLine()) != null) {
        pubsub.publish(topic, line.getBytes(StandardCharsets.UTF_8));
      }
    }
  }
}
