package io.bzzz.p2p.pubsub;

import io.bzzz.p2p.crypto.PeerId;

/** A peer joined or left a topic (its SUBSCRIBE/UNSUBSCRIBE, or its disconnection). */
public sealed interface TopicEvent {
  PeerId peer();

  String topic();

  record Joined(PeerId peer, String topic) implements TopicEvent {}

  record Left(PeerId peer, String topic) implements TopicEvent {}
}
