package io.bzzz.agent.coordination;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The {@code data} of an envelope, one record per message type of DESIGN §3. Field names on the
 * wire are the snake_case forms given in each record's documentation; {@link MessageCodec} is the
 * only place that maps them.
 */
public sealed interface Payload {

  /** The envelope {@code type} this payload travels under. */
  String wireType();

  /**
   * {@code capability_broadcast}: {@code node_id, capabilities, models, version, specialization,
   * timestamp, reason, log_key, multiaddrs, api}.
   */
  record CapabilityBroadcast(
      String nodeId,
      List<String> capabilities,
      List<String> models,
      String version,
      String specialization,
      Instant timestamp,
      String reason,
      String logKey,
      List<String> multiaddrs,
      String api)
      implements Payload {
    public CapabilityBroadcast {
      capabilities = List.copyOf(capabilities);
      models = List.copyOf(models);
      multiaddrs = List.copyOf(multiaddrs);
    }

    @Override
    public String wireType() {
      return MessageType.CAPABILITY_BROADCAST.wireName();
    }
  }

  /**
   * {@code availability_broadcast}: {@code node_id, available_for_work, current_tasks, max_tasks,
   * last_activity, status, timestamp}, plus two additions older agents ignore: {@code
   * missing_peers}, the peers this node has not heard for three intervals (its vote in the peer
   * table's majority rule), {@code heard_peers}, the peers it has heard within three intervals
   * (sent only once it has been in the mesh that long, so that a newcomer's short list is not read
   * as "I do not hear X"; absent otherwise), and {@code leaving: true} on the last broadcast of an
   * agent that is shutting down (its goodbye; absent otherwise).
   */
  record AvailabilityBroadcast(
      String nodeId,
      boolean availableForWork,
      int currentTasks,
      int maxTasks,
      Instant lastActivity,
      Status status,
      Instant timestamp,
      List<String> missingPeers,
      boolean leaving,
      Optional<List<String>> heardPeers)
      implements Payload {

    /** {@code ready} (idle), {@code working} (has tasks, room for more), {@code busy} (full). */
    public enum Status {
      READY,
      WORKING,
      BUSY;

      public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
      }
    }

    public AvailabilityBroadcast {
      missingPeers = List.copyOf(missingPeers);
      heardPeers = heardPeers.map(List::copyOf);
    }

    /** The same broadcast, saying whom the sender hears (see {@code heard_peers}). */
    public AvailabilityBroadcast withHeardPeers(Optional<List<String>> heard) {
      return new AvailabilityBroadcast(
          nodeId,
          availableForWork,
          currentTasks,
          maxTasks,
          lastActivity,
          status,
          timestamp,
          missingPeers,
          leaving,
          heard);
    }

    /** The broadcast for the agent's true state: the numbers decide the flags. */
    public static AvailabilityBroadcast of(
        String nodeId,
        int currentTasks,
        int maxTasks,
        Instant lastActivity,
        Instant now,
        List<String> missingPeers) {
      if (currentTasks < 0 || maxTasks < 1) {
        throw new IllegalArgumentException(
            "current_tasks " + currentTasks + " / max_tasks " + maxTasks);
      }
      Status status =
          currentTasks == 0 ? Status.READY : currentTasks < maxTasks ? Status.WORKING : Status.BUSY;
      return new AvailabilityBroadcast(
          nodeId,
          currentTasks < maxTasks,
          currentTasks,
          maxTasks,
          lastActivity,
          status,
          now,
          missingPeers,
          false,
          Optional.empty());
    }

    /**
     * The goodbye: nothing in hand, not available, {@code busy} so that an agent that ignores
     * {@code leaving} sends it no work either, and {@code leaving: true}.
     */
    public static AvailabilityBroadcast goodbye(
        String nodeId, int maxTasks, Instant lastActivity, Instant now) {
      return new AvailabilityBroadcast(
          nodeId,
          false,
          0,
          maxTasks,
          lastActivity,
          Status.BUSY,
          now,
          List.of(),
          true,
          Optional.empty());
    }

    @Override
    public String wireType() {
      return MessageType.AVAILABILITY_BROADCAST.wireName();
    }
  }

  /** {@code task_claimed}: {@code task, node_id, branch, attempt}. */
  record TaskClaimed(TaskRef task, String nodeId, String branch, int attempt) implements Payload {
    @Override
    public String wireType() {
      return MessageType.TASK_CLAIMED.wireName();
    }
  }

  /** {@code task_progress}: {@code task, node_id, stage, message}. */
  record TaskProgress(TaskRef task, String nodeId, String stage, String message)
      implements Payload {
    @Override
    public String wireType() {
      return MessageType.TASK_PROGRESS.wireName();
    }
  }

  /** {@code task_completed}: {@code task, node_id, pull_request, summary}. */
  record TaskCompleted(TaskRef task, String nodeId, String pullRequest, String summary)
      implements Payload {
    @Override
    public String wireType() {
      return MessageType.TASK_COMPLETED.wireName();
    }
  }

  /** {@code task_failed}: {@code task, node_id, reason}. */
  record TaskFailed(TaskRef task, String nodeId, String reason) implements Payload {
    @Override
    public String wireType() {
      return MessageType.TASK_FAILED.wireName();
    }
  }

  /** {@code task_help_request}: {@code request_id, task, reason, required_capabilities, origin}. */
  record TaskHelpRequest(
      String requestId,
      TaskRef task,
      String reason,
      List<String> requiredCapabilities,
      String origin)
      implements Payload {
    public TaskHelpRequest {
      requiredCapabilities = List.copyOf(requiredCapabilities);
    }

    @Override
    public String wireType() {
      return MessageType.TASK_HELP_REQUEST.wireName();
    }
  }

  /** {@code task_help_response}: {@code request_id, task, responder, can_help, capabilities}. */
  record TaskHelpResponse(
      String requestId, TaskRef task, String responder, boolean canHelp, List<String> capabilities)
      implements Payload {
    public TaskHelpResponse {
      capabilities = List.copyOf(capabilities);
    }

    @Override
    public String wireType() {
      return MessageType.TASK_HELP_RESPONSE.wireName();
    }
  }

  /**
   * {@code meta_discussion}: {@code task, kind} ({@code plan}, {@code objection}, {@code
   * decision}), {@code text}.
   */
  record MetaDiscussion(TaskRef task, String kind, String text) implements Payload {
    @Override
    public String wireType() {
      return MessageType.META_DISCUSSION.wireName();
    }
  }

  /** {@code context_feedback}: {@code task, rating} (-1, 0, 1), {@code text}. */
  record ContextFeedback(TaskRef task, int rating, String text) implements Payload {
    @Override
    public String wireType() {
      return MessageType.CONTEXT_FEEDBACK.wireName();
    }
  }

  /**
   * {@code task_bid} (an addition, docs/scheduling.md): {@code task, bidder, score, terms:
   * {capability, load, performance, resources}, round, deadline, labels, free_slots, abstain}. A
   * bid for a task no round is open for opens one, so it also announces the task; {@code abstain:
   * true} opens a round without competing in it (the announcer cannot do the task).
   */
  record TaskBid(
      TaskRef task,
      String bidder,
      double score,
      Terms terms,
      String round,
      Instant deadline,
      List<String> labels,
      int freeSlots,
      boolean abstain)
      implements Payload {

    /** The four terms of the score, each in [0, 1]. */
    public record Terms(double capability, double load, double performance, double resources) {}

    public TaskBid {
      labels = List.copyOf(labels);
    }

    @Override
    public String wireType() {
      return MessageType.TASK_BID.wireName();
    }
  }

  /** A type this agent does not know (a newer or older agent's): kept raw, then ignored. */
  record Unknown(String type, JsonNode data) implements Payload {
    @Override
    public String wireType() {
      return type;
    }
  }
}
