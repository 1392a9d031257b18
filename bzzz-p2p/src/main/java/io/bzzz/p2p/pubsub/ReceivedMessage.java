package io.bzzz.p2p.pubsub;

import io.bzzz.p2p.crypto.PeerId;

/**
 * A validated message delivered to the application.
 *
 * @param from the author (not the peer that forwarded it)
 * @param topic the topic it was published on
 * @param seqno the author's sequence number, an unsigned 64-bit value
 * @param data the payload (do not modify)
 * @param id the message id
 * @param receivedFrom the peer it came from, which is {@code from} for our own messages
 */
public record ReceivedMessage(
    PeerId from, String topic, long seqno, byte[] data, MessageId id, PeerId receivedFrom) {

  /** The seqno as unsigned decimal text, as the CLI prints it. */
  public String seqnoText() {
    return Long.toUnsignedString(seqno);
  }
}
