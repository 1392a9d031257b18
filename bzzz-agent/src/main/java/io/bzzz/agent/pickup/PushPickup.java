package io.bzzz.agent.pickup;

import io.bzzz.agent.config.Credential;
import io.bzzz.agent.coordination.Envelope;
import io.bzzz.agent.coordination.Payload;
import io.bzzz.agent.coordination.PeerTable;
import io.bzzz.agent.coordination.TaskRef;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Push pickup, assembled: the webhook endpoints (when a secret is configured), the gate for hints
 * ({@link PollHints}), what an available task sets off ({@link TaskAvailability}, today {@link
 * RankedPickup}) and the metrics. The agent's runtime talks to it in three places: the mesh
 * reactions hand it every message ({@link #heard}), the task loop reports its won claims ({@link
 * #claimed}), and the HTTP API takes the {@link #webhooks} receiver. Owns the pickup timer.
 */
public final class PushPickup implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PushPickup.class);

  /** Publishes a payload on the mesh; a failure is the caller's to report. */
  @FunctionalInterface
  public interface Publisher {
    void publish(Payload payload) throws java.io.IOException;
  }

  /**
   * At most this many of one poll's candidates are shared: a peer's hint gate takes one burst at
   * once, the next poll shares the rest.
   */
  public static final int SHARED_PER_POLL = PollHints.BURST;

  private final PickupMetrics metrics;
  private final PollHints hints;
  private final TaskAvailability availability;
  private final Optional<WebhookReceiver> webhooks;
  private final InstantSource clock;
  private final String self;
  private final Publisher mesh;

  private PushPickup(
      String self,
      Publisher mesh,
      PickupMetrics metrics,
      PollHints hints,
      TaskAvailability availability,
      Optional<WebhookReceiver> webhooks,
      InstantSource clock) {
    this.self = self;
    this.mesh = mesh;
    this.metrics = metrics;
    this.hints = hints;
    this.availability = availability;
    this.webhooks = webhooks;
    this.clock = clock;
  }

  /**
   * @param tracker the mesh name of the agent's tracker
   * @param repositories the watched {@code owner/name}s
   * @param secret the webhook secret; no endpoints without it (mesh hints still work)
   * @param freeSlot whether this agent could take one more task now
   * @param look asks the task loop to look at a hinted task on the tracker
   */
  public static PushPickup create(
      String self,
      String tracker,
      Set<String> repositories,
      Optional<Credential> secret,
      PeerTable peers,
      BooleanSupplier freeSlot,
      Consumer<TaskHint> look,
      Publisher mesh,
      PickupMetrics metrics,
      InstantSource clock) {
    return create(
        self,
        tracker,
        repositories,
        secret,
        peers,
        freeSlot,
        look,
        mesh,
        metrics,
        clock,
        UnaryOperator.identity(),
        Optional.empty());
  }

  /**
   * As above, and:
   *
   * @param around what an available task sets off, given the ranked pickup (the auction puts itself
   *     in front of it; identity keeps the ranked pickup)
   * @param pulls the review loop, which pull request webhooks wake; empty when it is off
   */
  public static PushPickup create(
      String self,
      String tracker,
      Set<String> repositories,
      Optional<Credential> secret,
      PeerTable peers,
      BooleanSupplier freeSlot,
      Consumer<TaskHint> look,
      Publisher mesh,
      PickupMetrics metrics,
      InstantSource clock,
      UnaryOperator<TaskAvailability> around,
      Optional<PullRequestActivity> pulls) {
    RankedPickup ranked =
        new RankedPickup(self, labels -> MeshCandidates.able(peers, labels), freeSlot, look, clock);
    TaskAvailability availability = around.apply(ranked);
    PollHints hints = new PollHints(tracker, repositories, clock, metrics, availability);
    Optional<WebhookReceiver> webhooks =
        secret.map(
            s ->
                new WebhookReceiver(
                    self, tracker, s, hints, hint -> announce(mesh, hint), metrics, pulls));
    return new PushPickup(self, mesh, metrics, hints, availability, webhooks, clock);
  }

  private static void announce(Publisher mesh, TaskHint hint) {
    try {
      mesh.publish(
          new Payload.TaskAvailable(
              hint.task(), hint.labels(), hint.origin().label(), hint.announcer()));
    } catch (java.io.IOException | RuntimeException e) {
      log.atWarn()
          .addKeyValue("task", hint.task())
          .log("cannot announce the task on the mesh: " + e.getMessage());
    }
  }

  /**
   * This agent's poll found {@code task} open and it is not taking it (its slots are full, or it
   * lacks a capability a peer has): the peers look at it now, as for a webhook's hint, instead of
   * waiting for a later poll. The announcement says the announcer passed, so nobody waits for it.
   */
  public void shareFound(TaskRef task, java.util.List<String> labels) {
    announce(mesh, new TaskHint(task, labels, TaskHint.Origin.POLL, self, true));
  }

  /** The webhook endpoints, present when a webhook secret is configured. */
  public Optional<WebhookReceiver> webhooks() {
    return webhooks;
  }

  /**
   * A message from the mesh: a peer's {@code task_available} is a hint (only from the peer that
   * received the webhook or polled: nobody announces for another), a {@code task_claimed} ends the
   * wait.
   */
  public void heard(Envelope envelope) {
    switch (envelope.data()) {
      case Payload.TaskAvailable a when a.announcer().equals(envelope.from()) ->
          hints.offer(
              new TaskHint(
                  a.task(),
                  a.labels(),
                  TaskHint.Origin.MESH,
                  a.announcer(),
                  TaskHint.Origin.POLL.label().equals(a.source())));
      case Payload.TaskClaimed c -> availability.claimedElsewhere(c.task());
      default -> {}
    }
  }

  /** One of this agent's slots became free (see {@link TaskAvailability#slotFreed}). */
  public void slotFreed() {
    availability.slotFreed();
  }

  /** This agent won the claim of {@code task}, found by {@code path}. */
  public void claimed(TaskRef task, Optional<Instant> createdAt, PickupMetrics.Path path) {
    createdAt.ifPresent(t -> metrics.pickedUp(path, Duration.between(t, clock.instant())));
  }

  public PickupMetrics metrics() {
    return metrics;
  }

  @Override
  public void close() {
    if (availability instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        log.atWarn().log("cannot stop the pickup timer: " + e.getMessage());
      }
    }
  }
}
