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
   * timestamp, reason, log_key, multiaddrs, api}, plus {@code name}, the agent's name (an addition
   * older agents ignore; absent when empty). A name longer than {@link #MAX_NAME} characters or
   * with control characters is read as empty: it ends up in other agents' APIs.
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
      String api,
      String name)
      implements Payload {
    public static final int MAX_NAME = 128;

    public CapabilityBroadcast {
      capabilities = List.copyOf(capabilities);
      models = List.copyOf(models);
      multiaddrs = List.copyOf(multiaddrs);
      if (name == null
          || name.length() > MAX_NAME
          || name.chars().anyMatch(Character::isISOControl)) {
        name = "";
      }
    }

    /** Without a name, as agents before the {@code name} field sent it. */
    public CapabilityBroadcast(
        String nodeId,
        List<String> capabilities,
        List<String> models,
        String version,
        String specialization,
        Instant timestamp,
        String reason,
        String logKey,
        List<String> multiaddrs,
        String api) {
      this(
          nodeId,
          capabilities,
          models,
          version,
          specialization,
          timestamp,
          reason,
          logKey,
          multiaddrs,
          api,
          "");
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
   * as "I do not hear X"; absent otherwise), {@code leaving: true} on the last broadcast of an
   * agent that is shutting down (its goodbye; absent otherwise), and {@code results_waiting}, the
   * tasks whose finished result this agent holds until the tracker takes it (each {@code {tracker,
   * repository, number}}; the same word as a {@code result_waiting} progress message, repeated on
   * every broadcast so that one lost message or a restart does not lose it; empty: none), and
   * {@code results_held}, the results other peers said wait on them, as the sender heard them
   * within the longer hold ({@link HeldResult}: each {@code {node_id, tracker, repository,
   * number}}; absent when there are none), so that a peer which never heard the owner holds back
   * its take-over too.
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
      Optional<List<String>> heardPeers,
      Optional<List<TaskRef>> resultsWaiting,
      Optional<List<HeldResult>> resultsHeld)
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
      resultsWaiting = resultsWaiting.map(List::copyOf);
      resultsHeld = resultsHeld.map(List::copyOf);
    }

    /** The same broadcast, listing the results the sender holds for the tracker. */
    public AvailabilityBroadcast withResultsWaiting(List<TaskRef> waiting) {
      return with(heardPeers, Optional.of(waiting), resultsHeld);
    }

    /** The same broadcast, saying whom the sender hears (see {@code heard_peers}). */
    public AvailabilityBroadcast withHeardPeers(Optional<List<String>> heard) {
      return with(heard, resultsWaiting, resultsHeld);
    }

    /**
     * The same broadcast, relaying the results other peers said wait (see {@code results_held}).
     */
    public AvailabilityBroadcast withResultsHeld(List<HeldResult> held) {
      return with(
          heardPeers, resultsWaiting, held.isEmpty() ? Optional.empty() : Optional.of(held));
    }

    private AvailabilityBroadcast with(
        Optional<List<String>> heard,
        Optional<List<TaskRef>> waiting,
        Optional<List<HeldResult>> held) {
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
          heard,
          waiting,
          held);
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
          Optional.empty(),
          Optional.empty(),
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
          Optional.empty(),
          Optional.empty(),
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
   * {@code meta_discussion}: {@code task, kind} ({@code plan}, {@code objection}, {@code approval},
   * {@code decision}), {@code text}; a message of a discussion round also carries the additive
   * fields of {@link Round} (docs/discussion.md). Without them it is the plain announcement older
   * agents send.
   */
  record MetaDiscussion(TaskRef task, String kind, String text, Optional<Round> round)
      implements Payload {

    /** An announcement outside any discussion round. */
    public MetaDiscussion(TaskRef task, String kind, String text) {
      this(task, kind, text, Optional.empty());
    }

    @Override
    public String wireType() {
      return MessageType.META_DISCUSSION.wireName();
    }
  }

  /**
   * The additive fields of a discussion message: {@code round} (1..), {@code to} (the taker a vote
   * answers), {@code members} and {@code window_ms} (on a plan), {@code outcome} ({@code approved},
   * {@code revise}, {@code escalated}: on a decision), {@code approvals} (a decision's approving
   * members) and {@code objections} (on a plan: those this revision answers; on a decision: those
   * that stood). Empty strings and lists are left off the wire.
   */
  record Round(
      int round,
      String to,
      List<String> members,
      long windowMs,
      String outcome,
      List<String> approvals,
      List<Objection> objections) {
    public Round {
      members = List.copyOf(members);
      approvals = List.copyOf(approvals);
      objections = List.copyOf(objections);
    }

    /** A vote ({@code objection} or {@code approval}) in {@code round} for the taker {@code to}. */
    public static Round vote(int round, String to) {
      return new Round(round, to, List.of(), 0, "", List.of(), List.of());
    }
  }

  /** One objection: {@code {"from","reason"}}. */
  record Objection(String from, String reason) {}

  /**
   * {@code context_feedback}: {@code task, rating} (-1, 0, 1), {@code text}, plus the additive
   * {@link Helped} fields an agent sends after it finished a task.
   */
  record ContextFeedback(TaskRef task, int rating, String text, Optional<Helped> helped)
      implements Payload {

    public ContextFeedback(TaskRef task, int rating, String text) {
      this(task, rating, text, Optional.empty());
    }

    @Override
    public String wireType() {
      return MessageType.CONTEXT_FEEDBACK.wireName();
    }
  }

  /**
   * {@code task_available} (additive, docs/scheduling.md): {@code task, labels, source} ({@code
   * webhook}), {@code announcer} (the peer that received the webhook). A hint to look at the task
   * now rather than at the next poll; the tracker and the claim ref still decide.
   */
  record TaskAvailable(TaskRef task, List<String> labels, String source, String announcer)
      implements Payload {
    public TaskAvailable {
      labels = List.copyOf(labels);
    }

    @Override
    public String wireType() {
      return MessageType.TASK_AVAILABLE.wireName();
    }
  }

  /**
   * What went into a finished task: {@code node_id} (the executor's agent), {@code executor}
   * ({@code script}, {@code command}, ...), {@code duration_ms}, {@code files_changed}, {@code
   * discussion_rounds} (0 when the plan was not discussed).
   */
  record Helped(
      String nodeId, String executor, long durationMs, int filesChanged, int discussionRounds) {}

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

  /**
   * {@code task_offer} (an addition, docs/scheduling.md#work-stealing): {@code task, attempt,
   * branch, offerer, reason, load, labels, deadline}. An overloaded agent offers a task it claimed
   * (as {@code attempt}) and has not started; an idle agent may take it over as attempt + 1 until
   * {@code deadline}. The offer is the owner's consent; the claim ref still decides.
   */
  record TaskOffer(
      TaskRef task,
      int attempt,
      String branch,
      String offerer,
      String reason,
      double load,
      List<String> labels,
      Instant deadline)
      implements Payload {
    public TaskOffer {
      labels = List.copyOf(labels);
    }

    @Override
    public String wireType() {
      return MessageType.TASK_OFFER.wireName();
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
