package io.bzzz.p2p.pubsub.wire;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Gossipsub control messages: {@code ControlMessage{ihave=1, iwant=2, graft=3, prune=4}}. Field 5
 * (IDONTWANT, v1.2) is skipped like any unknown field: we only speak v1.1 and v1.0.
 */
public record ControlMessage(
    List<IHave> ihave, List<IWant> iwant, List<Graft> graft, List<Prune> prune) {
  public static final ControlMessage EMPTY =
      new ControlMessage(List.of(), List.of(), List.of(), List.of());

  public ControlMessage {
    ihave = List.copyOf(ihave);
    iwant = List.copyOf(iwant);
    graft = List.copyOf(graft);
    prune = List.copyOf(prune);
  }

  public boolean isEmpty() {
    return ihave.isEmpty() && iwant.isEmpty() && graft.isEmpty() && prune.isEmpty();
  }

  /**
   * {@code ControlIHave{topicID=1, messageIDs=2}}: we always set the topic (peers drop it else).
   */
  public record IHave(String topic, List<byte[]> messageIds) {
    public IHave {
      messageIds = List.copyOf(messageIds);
    }
  }

  /** {@code ControlIWant{messageIDs=1}}. */
  public record IWant(List<byte[]> messageIds) {
    public IWant {
      messageIds = List.copyOf(messageIds);
    }
  }

  /** {@code ControlGraft{topicID=1}}. */
  public record Graft(String topic) {}

  /** {@code ControlPrune{topicID=1, peers=2, backoff=3}}, backoff in seconds when present. */
  public record Prune(String topic, List<PxPeer> peers, OptionalLong backoffSeconds) {
    public Prune {
      peers = List.copyOf(peers);
    }
  }

  /** {@code PeerInfo{peerID=1, signedPeerRecord=2}}: a peer suggested by peer exchange. */
  public record PxPeer(byte[] peerId, Optional<byte[]> signedPeerRecord) {}
}
