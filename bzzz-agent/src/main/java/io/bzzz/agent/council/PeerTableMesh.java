package io.bzzz.agent.council;

import io.bzzz.agent.coordination.MeshPublisher;
import io.bzzz.agent.coordination.Payload;
import io.bzzz.agent.coordination.PeerTable;
import java.io.IOException;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The council engine's view of the mesh through the agent's peer table and gossip publisher. */
public final class PeerTableMesh implements CouncilMesh {
  private static final Logger log = LoggerFactory.getLogger(PeerTableMesh.class);
  private final PeerTable peers;
  private final MeshPublisher publisher;
  private final String topic;
  private final String self;
  private final InstantSource clock;
  private final CouncilCodec codec = new CouncilCodec();

  public PeerTableMesh(
      PeerTable peers, MeshPublisher publisher, String topic, String self, InstantSource clock) {
    this.peers = peers;
    this.publisher = publisher;
    this.topic = topic;
    this.self = self;
    this.clock = clock;
  }

  @Override
  public List<String> livePeers() {
    return peers.livePeers();
  }

  @Override
  public Set<String> capabilitiesOf(String peer) {
    return peers.peers().stream()
        .filter(p -> p.peerId().equals(peer))
        .findFirst()
        .flatMap(PeerTable.PeerView::capabilities)
        .map(Payload.CapabilityBroadcast::capabilities)
        .map(Set::copyOf)
        .orElse(Set.of());
  }

  @Override
  public boolean isGone(String peer) {
    return peers.isGone(peer);
  }

  @Override
  public void publish(CouncilMessage message) {
    try {
      publisher.publish(topic, codec.encode(self, clock.instant(), message));
    } catch (IOException e) {
      // gossip is best effort; the tracker ledger is what the council relies on
      log.atWarn().addKeyValue("type", message.wireType()).log("cannot publish: " + e.getMessage());
    }
  }
}
