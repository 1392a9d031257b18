package io.bzzz.agent.events;

import io.bzzz.agent.coordination.Envelope;
import io.bzzz.agent.coordination.Payload;
import io.bzzz.agent.coordination.PeerTable;
import io.bzzz.agent.coordination.TaskRef;
import java.util.Locale;
import java.util.Optional;

/** Builds feed events from coordination types, keeping only what observers may see. */
public final class Events {
  /** Free text in an event (a stage's detail) is cut to this many characters. */
  public static final int MAX_TEXT = 160;

  private Events() {}

  public static AgentEvent.PeerChanged peer(PeerTable.Change change) {
    return new AgentEvent.PeerChanged(
        change.peerId(), change.from().map(Events::stateName), stateName(change.to()));
  }

  /** A message's type, sender, task and short note; never its body. */
  public static AgentEvent.MessagePassed message(
      AgentEvent.Direction direction, String topic, Envelope envelope) {
    Payload data = envelope.data();
    return new AgentEvent.MessagePassed(
        direction,
        topic,
        envelope.type(),
        envelope.from(),
        envelope.hopCount(),
        task(data),
        note(data));
  }

  /** {@code text} cut to {@link #MAX_TEXT} characters, with an ellipsis when cut. */
  public static String shorten(String text) {
    return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 1) + "…";
  }

  private static Optional<TaskRef> task(Payload data) {
    return switch (data) {
      case Payload.TaskClaimed p -> Optional.of(p.task());
      case Payload.TaskProgress p -> Optional.of(p.task());
      case Payload.TaskCompleted p -> Optional.of(p.task());
      case Payload.TaskFailed p -> Optional.of(p.task());
      case Payload.TaskHelpRequest p -> Optional.of(p.task());
      case Payload.TaskHelpResponse p -> Optional.of(p.task());
      case Payload.MetaDiscussion p -> Optional.of(p.task());
      case Payload.ContextFeedback p -> Optional.of(p.task());
      case Payload.TaskAvailable p -> Optional.of(p.task());
      default -> Optional.empty(); // broadcasts and types this version does not know
    };
  }

  /** A few words chosen per type; free text written by peers or models stays out. */
  private static Optional<String> note(Payload data) {
    return switch (data) {
      case Payload.AvailabilityBroadcast p -> Optional.of(p.status().wireName());
      case Payload.CapabilityBroadcast p -> Optional.of(shorten(p.reason()));
      case Payload.TaskProgress p -> Optional.of(shorten(p.stage()));
      case Payload.TaskClaimed p -> Optional.of("attempt " + p.attempt());
      case Payload.TaskHelpRequest p ->
          Optional.of(shorten("needs " + String.join(", ", p.requiredCapabilities())));
      case Payload.TaskHelpResponse p -> Optional.of(p.canHelp() ? "can help" : "cannot help");
      case Payload.MetaDiscussion p -> Optional.of(shorten(p.kind()));
      default -> Optional.empty(); // summaries, reasons and feedback are free text: left out
    };
  }

  private static String stateName(PeerTable.State state) {
    return state.name().toLowerCase(Locale.ROOT);
  }
}
