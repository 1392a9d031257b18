package io.bzzz.p2p.pubsub;

/**
 * What a publish did.
 *
 * @param id the message id
 * @param seqno the sequence number we gave it
 * @param peers how many peers it was sent to directly (0 when nobody is in the topic yet)
 */
public record PublishResult(MessageId id, long seqno, int peers) {}
