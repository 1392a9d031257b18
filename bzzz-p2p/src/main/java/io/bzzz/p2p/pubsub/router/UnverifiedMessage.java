package io.bzzz.p2p.pubsub.router;

import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.pubsub.MessageId;
import io.bzzz.p2p.pubsub.wire.PubMessage;

/**
 * A received message that passed the cheap checks (topic, id, seen cache, not already being
 * verified) and waits for its signature check, which may run outside the router's lock.
 *
 * @param source the peer it came from
 * @param message the message as received
 * @param id its message id
 */
public record UnverifiedMessage(PeerId source, PubMessage message, MessageId id) {}
