package io.bzzz.agent.runtime;

import io.bzzz.agent.coordination.CoordinationListener;
import io.bzzz.agent.coordination.Envelope;
import io.bzzz.agent.coordination.HelpRounds;
import io.bzzz.agent.coordination.Payload;
import io.bzzz.agent.coordination.PeerTable;
import io.bzzz.agent.discussion.DiscussionService;
import io.bzzz.agent.events.AgentEvent;
import io.bzzz.agent.events.EventHub;
import io.bzzz.agent.events.Events;
import io.bzzz.agent.pickup.PushPickup;
import io.bzzz.log.entry.EntryType;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the agent does when the mesh speaks: a task handed to us goes to the loop, answers and
 * give-ups of our help rounds to the help desk, a capability broadcast to log replication, a {@code
 * meta_discussion} to the plan discussions, every peer change to the log, a newcomer gets our
 * capabilities (the first one completes joining the mesh), and a peer leaving makes the loop poll
 * now. Every message and peer change also goes to the event feed. This runs on the mesh's receive
 * thread (and the heartbeat's): log entries are noted, never waited for.
 */
final class MeshReactions implements CoordinationListener {
  private static final Logger log = LoggerFactory.getLogger(MeshReactions.class);

  private final String self;
  private final EventHub events;
  private final Journal journal;
  private final LogReplicator replicator;
  private final HelpDesk help;
  private final Announcements announcements;
  private final LoopSignals loop;
  private final MeshJoin join;
  private final PushPickup pickup;
  private final DiscussionService discussions;

  MeshReactions(
      String self,
      EventHub events,
      Journal journal,
      LogReplicator replicator,
      HelpDesk help,
      Announcements announcements,
      LoopSignals loop,
      MeshJoin join,
      PushPickup pickup,
      DiscussionService discussions) {
    this.self = self;
    this.events = events;
    this.journal = journal;
    this.replicator = replicator;
    this.help = help;
    this.announcements = announcements;
    this.loop = loop;
    this.join = join;
    this.pickup = pickup;
    this.discussions = discussions;
  }

  @Override
  public void onMessage(String topic, Envelope envelope) {
    events.publish(Events.message(AgentEvent.Direction.RECEIVED, topic, envelope));
    pickup.heard(envelope); // task_available hints, task_claimed ends a wait
    switch (envelope.data()) {
      case Payload.TaskProgress p
          when p.stage().equals(HelpDesk.HANDOVER_STAGE) && p.message().equals(self) ->
          loop.takeOver(p.task(), envelope.from());
      case Payload.CapabilityBroadcast caps -> replicator.onCapabilities(caps);
      case Payload.MetaDiscussion m -> discussions.onMessage(envelope.from(), m);
      case Payload.ContextFeedback f ->
          log.atInfo()
              .addKeyValue("task", f.task())
              .addKeyValue("from", envelope.from())
              .addKeyValue("rating", f.rating())
              .log("context_feedback: " + f.text());
      default -> {}
    }
  }

  @Override
  public void onHandOver(HelpRounds.HandOver handOver) {
    help.handOver(handOver);
  }

  @Override
  public void onGiveUp(HelpRounds.GiveUp giveUp) {
    // reporting the failure talks to the tracker; the heartbeat that ticked must not wait for it
    Thread.ofVirtual().name("give-up").start(() -> help.giveUp(giveUp));
  }

  @Override
  public void onPeerChange(PeerTable.Change change) {
    events.publish(Events.peer(change));
    EntryType type =
        switch (change.to()) {
          case LIVE -> EntryType.PEER_JOINED;
          case SUSPECT -> EntryType.NETWORK_EVENT;
          case GONE -> EntryType.PEER_LEFT;
        };
    String reason = change.reason().name().toLowerCase(Locale.ROOT);
    journal.note(
        type,
        Map.of(
            "peer",
            change.peerId(),
            "state",
            change.to().name().toLowerCase(Locale.ROOT),
            "reason",
            reason));
    switch (change.to()) {
      case LIVE -> {
        announcements.peerJoined(); // so a newcomer learns what we can do
        join.announcedTo(change.peerId()); // the first peer heard and told who we are
      }
      case GONE -> {
        log.atInfo()
            .addKeyValue("peer", change.peerId())
            .addKeyValue("reason", reason)
            .log("peer_left");
        loop.pollNow(); // poll its share of the repositories and its claims now
      }
      case SUSPECT -> {}
    }
  }
}
