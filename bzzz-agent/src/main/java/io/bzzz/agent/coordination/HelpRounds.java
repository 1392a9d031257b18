package io.bzzz.agent.coordination;

import io.bzzz.agent.coordination.Payload.TaskHelpRequest;
import io.bzzz.agent.coordination.Payload.TaskHelpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The owner's side of help: a request per round, each with a fresh {@code request_id}; the first
 * peer that answers {@code can_help} gets the task; after {@link #MAX_ROUNDS} rounds without one,
 * the task is given up (the loop labels it {@code bzzz-failed} and asks a human). Not thread-safe;
 * its owner serialises access.
 */
public final class HelpRounds {
  public static final int MAX_ROUNDS = 3;

  /** What {@code events} is told (metrics): a round's request published. */
  public static final String REQUESTED = "requested";

  /** A peer answered yes and gets the task. */
  public static final String ANSWERED = "answered";

  /** No peer could help in the last round: the task goes to a human. */
  public static final String ESCALATED = "escalated";

  private final String self;
  private final InstantSource clock;
  private final Supplier<String> requestIds;
  private final Duration roundTimeout;
  private final Consumer<String> events;
  private final Map<TaskRef, Open> open = new HashMap<>();

  private record Open(
      TaskRef task,
      String reason,
      List<String> required,
      int round,
      String requestId,
      Instant due) {}

  /** What the owner must do next. */
  public sealed interface Action {}

  /** Publish this (a new round's request). */
  public record Publish(Envelope request) implements Action {}

  /** {@code helper} answered: release the task to it. */
  public record HandOver(TaskRef task, String helper) implements Action {}

  /** Nobody could help in {@link #MAX_ROUNDS} rounds. */
  public record GiveUp(TaskRef task, String reason) implements Action {}

  /**
   * @param requestIds fresh unique ids (a UUID source seeded by the caller)
   * @param roundTimeout how long a round waits for an answer
   */
  public HelpRounds(
      String self, InstantSource clock, Supplier<String> requestIds, Duration roundTimeout) {
    this(self, clock, requestIds, roundTimeout, event -> {});
  }

  /**
   * @param events told {@link #REQUESTED}, {@link #ANSWERED} or {@link #ESCALATED} as they happen
   */
  public HelpRounds(
      String self,
      InstantSource clock,
      Supplier<String> requestIds,
      Duration roundTimeout,
      Consumer<String> events) {
    this.self = self;
    this.clock = clock;
    this.requestIds = requestIds;
    this.roundTimeout = roundTimeout;
    this.events = events;
  }

  /** Starts asking for help with {@code task}: the first round's request to publish. */
  public Publish start(TaskRef task, String reason, List<String> requiredCapabilities) {
    if (open.containsKey(task)) {
      throw new IllegalStateException("already asking for help with " + task);
    }
    return round(task, reason, List.copyOf(requiredCapabilities), 1);
  }

  private Publish round(TaskRef task, String reason, List<String> required, int round) {
    String id = requestIds.get();
    Instant now = clock.instant();
    open.put(task, new Open(task, reason, required, round, id, now.plus(roundTimeout)));
    events.accept(REQUESTED);
    return new Publish(
        Envelope.of(self, now, new TaskHelpRequest(id, task, reason, required, self)));
  }

  /** The request id of the current round for {@code task}, if help is being asked. */
  public Optional<String> currentRequest(TaskRef task) {
    return Optional.ofNullable(open.get(task)).map(Open::requestId);
  }

  /** A response heard on the mesh; a hand-over when it is a yes to a current round. */
  public Optional<HandOver> onResponse(TaskHelpResponse response) {
    Open o = open.get(response.task());
    if (o == null || !o.requestId().equals(response.requestId()) || !response.canHelp()) {
      return Optional.empty();
    }
    if (response.responder().equals(self)) {
      return Optional.empty();
    }
    open.remove(response.task());
    events.accept(ANSWERED);
    return Optional.of(new HandOver(response.task(), response.responder()));
  }

  /** Rounds whose time is up: a new round, or giving up after the last. */
  public List<Action> tick() {
    Instant now = clock.instant();
    List<Action> actions = new ArrayList<>();
    for (Open o : List.copyOf(open.values())) {
      if (now.isBefore(o.due())) {
        continue;
      }
      if (o.round() >= MAX_ROUNDS) {
        open.remove(o.task());
        events.accept(ESCALATED);
        actions.add(
            new GiveUp(
                o.task(),
                "no agent could help after "
                    + MAX_ROUNDS
                    + " help requests ("
                    + o.reason()
                    + "); a human needs to look"));
      } else {
        actions.add(round(o.task(), o.reason(), o.required(), o.round() + 1));
      }
    }
    return actions;
  }

  public int openCount() {
    return open.size();
  }
}
