package io.bzzz.agent.coordination;

import java.io.IOException;
import java.time.InstantSource;

/**
 * Everything this agent says on the mesh leaves through here: wraps a payload in an envelope, picks
 * its topic, encodes it, publishes it and counts it. Separate from the {@link Coordinator} so that
 * the parts that only speak (broadcasts, hand-overs, task reports) exist before the parts that
 * listen, and nothing needs wiring after construction.
 */
public final class MeshOutbox {
  /** Told of every envelope this agent published (for observers such as the event feed). */
  @FunctionalInterface
  public interface SentListener {
    void onSent(String topic, Envelope envelope);
  }

  private final String self;
  private final Topics topics;
  private final MessageCodec codec;
  private final MeshPublisher mesh;
  private final InstantSource clock;
  private final SentListener onSent;
  private final MessageCounters counters = new MessageCounters();

  public MeshOutbox(
      String self,
      Topics topics,
      MessageCodec codec,
      MeshPublisher mesh,
      InstantSource clock,
      SentListener onSent) {
    this.self = self;
    this.topics = topics;
    this.codec = codec;
    this.mesh = mesh;
    this.clock = clock;
    this.onSent = onSent;
  }

  /** Publishes {@code payload} from this agent, now, with no hops. */
  public void publish(Payload payload) throws IOException {
    send(Envelope.of(self, clock.instant(), payload));
  }

  /** Publishes an envelope as it is (a forwarded request keeps its origin and hop count). */
  void send(Envelope env) throws IOException {
    MessageType type =
        MessageType.fromWire(env.type())
            .orElseThrow(() -> new IllegalArgumentException("cannot publish type " + env.type()));
    String topic = topics.topicFor(type);
    mesh.publish(topic, codec.encode(env));
    counters.sent(topic);
    onSent.onSent(topic, env);
  }

  /** Messages in and out per topic; the {@link Coordinator} counts what it receives here too. */
  public MessageCounters counters() {
    return counters;
  }
}
