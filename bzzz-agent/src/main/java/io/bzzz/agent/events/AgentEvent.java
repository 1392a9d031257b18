package io.bzzz.agent.events;

import io.bzzz.agent.coordination.TaskRef;
import java.util.Optional;

/**
 * Something an agent saw or did, for observers (the event feed of the HTTP API and the Mesh
 * Visualizer). Events name tasks by reference and messages by type: never task bodies, summaries or
 * anything that could hold a secret.
 */
public sealed interface AgentEvent {

  /** The event's name in the feed: {@code peer}, {@code message}, {@code task} or {@code log}. */
  String kind();

  /** A peer changed state in the peer table ({@code live}, {@code suspect}, {@code gone}). */
  record PeerChanged(String peerId, Optional<String> from, String state) implements AgentEvent {
    @Override
    public String kind() {
      return "peer";
    }
  }

  /** Whether a coordination message was published by this agent or received from a peer. */
  enum Direction {
    SENT,
    RECEIVED
  }

  /**
   * A coordination message passed: its type and sender, the task it is about, and a short note
   * where the type has one (availability status, progress stage, whether a peer can help).
   */
  record MessagePassed(
      Direction direction,
      String topic,
      String type,
      String from,
      int hopCount,
      Optional<TaskRef> task,
      Optional<String> note)
      implements AgentEvent {
    @Override
    public String kind() {
      return "message";
    }
  }

  /** A task this agent holds moved to {@code stage} (the stages of {@code /api/v1/tasks}). */
  record TaskChanged(
      TaskRef task,
      String title,
      String stage,
      String detail,
      String branch,
      int attempt,
      Optional<String> pullRequest)
      implements AgentEvent {
    @Override
    public String kind() {
      return "task";
    }
  }

  /** An entry of type {@code entryType} was appended to the signed log, now {@code length} long. */
  record LogAppended(String entryType, long length) implements AgentEvent {
    @Override
    public String kind() {
      return "log";
    }
  }
}
