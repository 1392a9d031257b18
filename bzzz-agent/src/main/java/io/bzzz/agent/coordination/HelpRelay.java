package io.bzzz.agent.coordination;

import io.bzzz.agent.coordination.Payload.TaskHelpRequest;
import io.bzzz.agent.coordination.Payload.TaskHelpResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.function.Predicate;

/**
 * What an agent does with a help request it hears: ignore a duplicate or its own, answer when it
 * has every required capability, otherwise forward with {@code hop_count + 1}. A request is
 * forwarded at most {@link #MAX_HOPS} times; one that arrives with more hops is dropped.
 *
 * <p>Gossipsub already floods a topic, so forwarding matters where the mesh is partial (a peer that
 * joined late, or a request that reached us through a bridge); the hop limit keeps it finite and
 * the request id makes it idempotent.
 */
public final class HelpRelay {
  public static final int MAX_HOPS = 3;

  private final String self;
  private final Predicate<List<String>> canDo;
  private final InstantSource clock;
  private final SeenCache seen;

  /**
   * @param canDo whether this agent, as it is now, meets every requirement of a request (its {@code
   *     required_capabilities}, such as {@code needs:gpu} or {@code model:llama3.1})
   */
  public HelpRelay(String self, Predicate<List<String>> canDo, InstantSource clock) {
    this.self = self;
    this.canDo = canDo;
    this.clock = clock;
    this.seen = new SeenCache(4096, Duration.ofMinutes(30), clock);
  }

  /** The reaction to one heard envelope. */
  public sealed interface Decision {}

  public record Ignore(String why) implements Decision {}

  public record Respond(Envelope response) implements Decision {}

  public record Forward(Envelope forwarded) implements Decision {}

  /** Marks our own request as seen so its echoes are ignored. */
  public void ownRequest(String requestId) {
    seen.add(requestId);
  }

  public Decision onRequest(Envelope envelope) {
    if (!(envelope.data() instanceof TaskHelpRequest request)) {
      throw new IllegalArgumentException("not a help request: " + envelope.type());
    }
    if (request.origin().equals(self)) {
      return new Ignore("our own request");
    }
    if (envelope.hopCount() > MAX_HOPS) {
      return new Ignore("dropped after " + MAX_HOPS + " hops");
    }
    if (!seen.add(request.requestId())) {
      return new Ignore("duplicate request " + request.requestId());
    }
    if (canDo.test(request.requiredCapabilities())) {
      TaskHelpResponse response =
          new TaskHelpResponse(
              request.requestId(),
              request.task(),
              self,
              true,
              List.copyOf(request.requiredCapabilities()));
      return new Respond(Envelope.of(self, clock.instant(), response));
    }
    if (envelope.hopCount() >= MAX_HOPS) {
      return new Ignore("cannot help and the request has used its " + MAX_HOPS + " hops");
    }
    return new Forward(envelope.forwardedBy(self, clock.instant()));
  }
}
