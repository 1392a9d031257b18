package io.bzzz.p2p.pubsub.router;

import io.bzzz.p2p.crypto.PeerId;
import io.bzzz.p2p.pubsub.ReceivedMessage;
import io.bzzz.p2p.pubsub.TopicEvent;
import io.bzzz.p2p.pubsub.wire.ControlMessage;
import io.bzzz.p2p.pubsub.wire.PubMessage;
import io.bzzz.p2p.pubsub.wire.Rpc;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Records everything a router outputs, for assertions. */
final class RecordingOutput implements RouterOutput {
  record Sent(PeerId peer, Rpc rpc) {}

  final List<Sent> sent = new ArrayList<>();
  final List<ReceivedMessage> delivered = new ArrayList<>();
  final List<PeerId> disconnected = new ArrayList<>();
  final List<List<PeerId>> exchanged = new ArrayList<>();
  final List<TopicEvent> events = new ArrayList<>();

  @Override
  public void send(PeerId peer, Rpc rpc) {
    sent.add(new Sent(peer, rpc));
  }

  @Override
  public void deliver(ReceivedMessage message) {
    delivered.add(message);
  }

  @Override
  public void disconnect(PeerId peer, String reason) {
    disconnected.add(peer);
  }

  @Override
  public void peerExchange(String topic, List<PeerId> candidates) {
    exchanged.add(candidates);
  }

  @Override
  public void topicEvent(TopicEvent event) {
    events.add(event);
  }

  void clear() {
    sent.clear();
    delivered.clear();
    disconnected.clear();
    exchanged.clear();
    events.clear();
  }

  <T> List<T> control(PeerId peer, Function<ControlMessage, List<T>> part) {
    List<T> out = new ArrayList<>();
    sent.stream()
        .filter(s -> s.peer.equals(peer))
        .forEach(s -> out.addAll(part.apply(s.rpc.control())));
    return out;
  }

  <T> List<PeerId> peersGot(Function<ControlMessage, List<T>> part) {
    return sent.stream()
        .filter(s -> !part.apply(s.rpc.control()).isEmpty())
        .map(Sent::peer)
        .distinct()
        .toList();
  }

  List<PubMessage> messagesTo(PeerId peer) {
    List<PubMessage> out = new ArrayList<>();
    sent.stream().filter(s -> s.peer.equals(peer)).forEach(s -> out.addAll(s.rpc.publish()));
    return out;
  }
}
