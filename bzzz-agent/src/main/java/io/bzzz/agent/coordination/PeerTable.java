package io.bzzz.agent.coordination;

import io.bzzz.agent.coordination.Payload.AvailabilityBroadcast;
import io.bzzz.agent.coordination.Payload.CapabilityBroadcast;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The peers this agent knows, from their broadcasts, and the rule that decides when one is gone.
 *
 * <ul>
 *   <li>A peer silent for {@value #SUSPECT_AFTER_INTERVALS} availability intervals is
 *       <b>suspect</b>. Our own availability broadcast lists our suspects in {@code missing_peers}:
 *       that is our vote ("I miss X").
 *   <li>A suspect is <b>confirmed gone</b> only when (1) the live side is a majority of the
 *       membership (live peers and this agent, against live plus suspects), and (2) a majority of
 *       the live side misses it: this agent plus every live peer whose latest broadcast lists it.
 *       Only then may its claims be taken over.
 *   <li>Rule (1) is what keeps a minority partition from reclaiming: on the small side of a split
 *       the suspects outnumber the live, so nothing is confirmed however much they agree.
 *   <li>A peer heard again is live again, whatever its state. Confirmed peers leave the membership,
 *       so the majority is counted among those still here.
 *   <li>A peer that says goodbye ({@link #left}) leaves at once: no vote is needed, since it speaks
 *       for itself. It is no longer listed, counts as gone for its claims, and is accepted again
 *       when it sends something newer than its goodbye (a late copy of an older message does not
 *       bring it back).
 *   <li>An owner seen on the tracker but never heard ({@link #watch}) is judged by the same rules:
 *       suspect once this agent has been in the mesh ({@link #markJoined}) and has watched it for
 *       three intervals without hearing it, then gone when the same majority misses it. A live peer
 *       misses it when its {@code missing_peers} lists it or its {@code heard_peers} does not. Such
 *       an owner is not a member: it is not listed, does not poll, and counts in rule (1) only when
 *       it is itself judged (as one more member that might be alive elsewhere), so owners left over
 *       on the tracker never block the majority for anyone else.
 * </ul>
 *
 * Time comes from the injected clock; message timestamps are not trusted (clocks skew).
 */
public final class PeerTable {
  public static final int SUSPECT_AFTER_INTERVALS = 3;

  /**
   * How long (in broadcast intervals) a peer holding a finished, undelivered result must be silent
   * before that task's claim is taken over: four confirmation periods.
   */
  public static final int RESULT_WAITING_INTERVALS = 12;

  /** The {@code task_progress} stage of a finished result that waits for the tracker. */
  public static final String RESULT_WAITING_STAGE = "result_waiting";

  /** The {@code task_progress} stage an owner announces when its executor starts a task. */
  public static final String RUNNING_STAGE = "running";

  /** The stage an owner announces when it hands a task it holds to a helper. */
  public static final String HANDOVER_STAGE = "handover";

  private static final int MAX_RESULTS_WAITING = 1024;
  private static final int MAX_PEERS = 4096;
  private static final int MAX_HEARD_LIST = 256; // the codec's list limit

  private final String self;
  private final Duration suspectAfter;
  private final Duration forgetAfter;
  private final InstantSource clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Entry> peers = new HashMap<>();
  private final List<Change> pending = new ArrayList<>();
  private final Map<String, Departure> departed = new HashMap<>();

  /** Holds relayed by live peers: owner, task number, when broadcasts first and last carried it. */
  private final Map<String, Map<Long, Relay>> relays = new HashMap<>();

  private record Relay(Instant first, Instant last) {}

  private Optional<Instant> joinedAt = Optional.empty();
  private final Duration resultWaitingGrace;

  /** A peer's state in this agent's view. */
  public enum State {
    LIVE,
    SUSPECT,
    GONE
  }

  /** One peer as the table sees it. */
  public record PeerView(
      String peerId,
      State state,
      Optional<CapabilityBroadcast> capabilities,
      Optional<AvailabilityBroadcast> availability,
      Instant lastSeen) {}

  /** Why a peer changed state. */
  public enum Reason {
    /** A message from it arrived. */
    HEARD,
    /** Silent for three intervals. */
    SILENT,
    /** A majority of the live side misses it too. */
    CONFIRMED,
    /** It said goodbye. */
    GOODBYE;

    static Reason of(State to) {
      return switch (to) {
        case LIVE -> HEARD;
        case SUSPECT -> SILENT;
        case GONE -> CONFIRMED;
      };
    }
  }

  /** A change of state, for the log ({@code peer_joined}, {@code peer_left}, ...). */
  public record Change(String peerId, Optional<State> from, State to, Reason reason) {
    public Change(String peerId, Optional<State> from, State to) {
      this(peerId, from, to, Reason.of(to));
    }
  }

  /**
   * A goodbye: the sender's timestamp on it, when it arrived here, and the tasks whose finished
   * result it said it still holds (it will deliver them when it is back).
   */
  private record Departure(Instant saidAt, Instant receivedAt, Map<Long, TaskRef> resultsWaiting) {}

  private static final class Entry {
    final String id;
    Instant lastSeen;
    Optional<CapabilityBroadcast> capabilities = Optional.empty();
    Optional<AvailabilityBroadcast> availability = Optional.empty();
    Set<String> missing = Set.of();
    Optional<Set<String>> hears = Optional.empty();

    /** False for an owner only seen on the tracker: watched since {@link #lastSeen}. */
    boolean heard = true;

    boolean gone;
    State reported = State.LIVE;

    /** Task numbers whose finished result this peer said is waiting for the tracker. */
    final Map<Long, TaskRef> resultsWaiting = new HashMap<>();

    /** The sender's time of the newest word on {@link #resultsWaiting}. */
    Instant resultsWaitingSaidAt = Instant.EPOCH;

    /**
     * Tasks this peer said it started running and has not said it finished. A peer cut off in the
     * middle of a run may finish it while it is away, with nobody hearing that its result waits.
     */
    final Map<Long, TaskRef> running = new HashMap<>();

    Entry(String id, Instant lastSeen) {
      this.id = id;
      this.lastSeen = lastSeen;
    }
  }

  /**
   * @param interval the availability broadcast interval (30 s by default)
   */
  public PeerTable(String self, Duration interval, InstantSource clock) {
    this.self = self;
    this.suspectAfter = interval.multipliedBy(SUSPECT_AFTER_INTERVALS);
    this.resultWaitingGrace = interval.multipliedBy(RESULT_WAITING_INTERVALS);
    this.forgetAfter = interval.multipliedBy(120);
    this.clock = clock;
  }

  /** Any message from a peer proves it alive; broadcasts also update what we know of it. */
  public Optional<Change> observe(Envelope envelope) {
    String from = envelope.from();
    if (from.equals(self)) {
      return Optional.empty();
    }
    lock.lock();
    try {
      Instant now = clock.instant();
      Departure gone = departed.get(from);
      if (gone != null) {
        boolean lateCopy =
            !envelope.timestamp().isAfter(gone.saidAt())
                && now.isBefore(gone.receivedAt().plus(suspectAfter));
        if (lateCopy) {
          return Optional.empty(); // sent before the goodbye, delivered after it
        }
        departed.remove(from);
      }
      Entry e = peers.get(from);
      Optional<Change> change = Optional.empty();
      if (e == null) {
        if (peers.size() >= MAX_PEERS) {
          forgetOldest();
        }
        e = new Entry(from, now);
        peers.put(from, e);
        change = Optional.of(new Change(from, Optional.empty(), State.LIVE));
      } else if (!e.heard) {
        // a watched owner speaks: a newcomer like any other
        change = Optional.of(new Change(from, Optional.empty(), State.LIVE));
      } else if (e.reported != State.LIVE) {
        change = Optional.of(new Change(from, Optional.of(e.reported), State.LIVE));
      }
      e.heard = true;
      e.lastSeen = now;
      e.gone = false;
      e.reported = State.LIVE;
      switch (envelope.data()) {
        case CapabilityBroadcast c when c.nodeId().equals(from) -> e.capabilities = Optional.of(c);
        case AvailabilityBroadcast a when a.nodeId().equals(from) -> {
          e.availability = Optional.of(a);
          a.resultsHeld().ifPresent(held -> relayed(from, held, now));
          e.missing = Set.copyOf(a.missingPeers());
          e.hears = a.heardPeers().map(Set::copyOf);
          // the whole list, newer than any single word: it replaces what we knew
          if (a.resultsWaiting().isPresent()
              && !envelope.timestamp().isBefore(e.resultsWaitingSaidAt)) {
            e.resultsWaiting.clear();
            for (TaskRef t : a.resultsWaiting().get()) {
              if (e.resultsWaiting.size() < MAX_RESULTS_WAITING) {
                e.resultsWaiting.put(t.number(), t);
              }
            }
            e.resultsWaitingSaidAt = envelope.timestamp();
          }
        }
        case Payload.TaskProgress p
            when p.nodeId().equals(from) && p.stage().equals(RESULT_WAITING_STAGE) -> {
          if (e.resultsWaiting.size() < MAX_RESULTS_WAITING) {
            e.resultsWaiting.put(p.task().number(), p.task());
          }
          if (envelope.timestamp().isAfter(e.resultsWaitingSaidAt)) {
            e.resultsWaitingSaidAt = envelope.timestamp();
          }
        }
        case Payload.TaskProgress p
            when p.nodeId().equals(from) && p.stage().equals(RUNNING_STAGE) -> {
          if (e.running.size() < MAX_RESULTS_WAITING) {
            e.running.put(p.task().number(), p.task());
          }
        }
        case Payload.TaskProgress p
            when p.nodeId().equals(from) && p.stage().equals(HANDOVER_STAGE) ->
            e.running.remove(p.task().number());
        case Payload.TaskCompleted c when c.nodeId().equals(from) -> {
          e.resultsWaiting.remove(c.task().number());
          e.running.remove(c.task().number());
        }
        case Payload.TaskFailed f when f.nodeId().equals(from) -> {
          e.resultsWaiting.remove(f.task().number());
          e.running.remove(f.task().number());
        }
        default -> {}
      }
      return change;
    } finally {
      lock.unlock();
    }
  }

  /**
   * This agent is in the mesh from now on (or runs alone): from here it may judge owners it never
   * heard, and after three intervals it tells peers whom it hears. Later calls change nothing.
   */
  public void markJoined() {
    lock.lock();
    try {
      if (joinedAt.isEmpty()) {
        joinedAt = Optional.of(clock.instant());
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * {@code peerId} holds a claim on the tracker: watch it even if it never speaks on the mesh.
   * Nothing changes for a peer already known, gone or this agent.
   */
  public void watch(String peerId) {
    if (peerId.equals(self)) {
      return;
    }
    lock.lock();
    try {
      if (peers.containsKey(peerId) || departed.containsKey(peerId)) {
        return;
      }
      if (peers.size() >= MAX_PEERS) {
        forgetOldest();
      }
      Entry e = new Entry(peerId, clock.instant());
      e.heard = false;
      peers.put(peerId, e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops watching owners never heard that are not in {@code owners} (their claims ended), unless
   * already confirmed gone.
   */
  public void keepWatching(Set<String> owners) {
    lock.lock();
    try {
      peers.values().removeIf(e -> !e.heard && !e.gone && !owners.contains(e.id));
    } finally {
      lock.unlock();
    }
  }

  /**
   * For {@code heard_peers}: the peers this agent hears, once it has been in the mesh for three
   * intervals (before that its list would be short only because it is new). Empty before then, and
   * when the list would exceed what a message may carry (a cut list would be read as votes).
   */
  public Optional<List<String>> heardPeers() {
    lock.lock();
    try {
      Instant now = clock.instant();
      if (joinedAt.isEmpty() || now.isBefore(joinedAt.get().plus(suspectAfter))) {
        return Optional.empty();
      }
      evaluate(now);
      List<String> heard =
          peers.values().stream()
              .filter(e -> e.heard && e.reported == State.LIVE)
              .map(e -> e.id)
              .sorted()
              .toList();
      return heard.size() > MAX_HEARD_LIST ? Optional.empty() : Optional.of(heard);
    } finally {
      lock.unlock();
    }
  }

  /**
   * A peer said goodbye at {@code saidAt} (its envelope's timestamp): it is dropped at once and
   * counts as gone, so the claims it left behind may be taken over, except those whose finished
   * result it said it still holds (see {@link #mayTakeOver}). Empty when it had already gone.
   */
  public Optional<Change> left(String peerId, Instant saidAt) {
    return left(peerId, saidAt, Optional.empty());
  }

  /** As {@link #left(String, Instant)}, with the goodbye's {@code results_waiting}. */
  public Optional<Change> left(
      String peerId, Instant saidAt, Optional<List<TaskRef>> resultsWaiting) {
    if (peerId.equals(self)) {
      return Optional.empty();
    }
    lock.lock();
    try {
      Entry e = peers.remove(peerId);
      Map<Long, TaskRef> waiting = new HashMap<>();
      if (e != null) {
        waiting.putAll(e.resultsWaiting);
      }
      resultsWaiting.ifPresent(
          list ->
              list.stream().limit(MAX_RESULTS_WAITING).forEach(t -> waiting.put(t.number(), t)));
      Departure before =
          departed.put(peerId, new Departure(saidAt, clock.instant(), Map.copyOf(waiting)));
      if (e == null && before != null) {
        return Optional.empty();
      }
      return Optional.of(
          new Change(
              peerId, Optional.ofNullable(e).map(x -> x.reported), State.GONE, Reason.GOODBYE));
    } finally {
      lock.unlock();
    }
  }

  /**
   * Re-evaluates every peer against the clock and returns what changed since the last call: peers
   * that became suspect or were confirmed gone.
   */
  public List<Change> refresh() {
    lock.lock();
    try {
      evaluate(clock.instant());
      List<Change> out = List.copyOf(pending);
      pending.clear();
      return out;
    } finally {
      lock.unlock();
    }
  }

  /** Our vote: the peers we have not heard for three intervals (for {@code missing_peers}). */
  public List<String> missingPeers() {
    lock.lock();
    try {
      evaluate(clock.instant());
      return peers.values().stream()
          .filter(e -> e.reported == State.SUSPECT)
          .map(e -> e.id)
          .sorted()
          .toList();
    } finally {
      lock.unlock();
    }
  }

  /** Whether {@code peerId} is confirmed gone, so its claims may be taken over. */
  public boolean isGone(String peerId) {
    lock.lock();
    try {
      evaluate(clock.instant());
      Entry e = peers.get(peerId);
      return (e != null && e.gone) || departed.containsKey(peerId);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Whether the claim of {@code peerId} on task {@code number} may be taken over: the peer is
   * confirmed gone, and if it said that task's finished result waits for the tracker, it has also
   * been silent for {@link #RESULT_WAITING_INTERVALS} intervals. Such a peer is more likely cut off
   * or restarting than dead, and taking the task over would run it a second time. The same holds
   * after a goodbye that listed the task's result as waiting (a restart, most likely), counted from
   * the goodbye's arrival; any other goodbye needs no extra wait. A hold that a live peer relays
   * ({@code results_held}, see {@link #heldResults}) counts as well, for three intervals after the
   * last broadcast that carried it and at most {@link #RESULT_WAITING_INTERVALS} intervals after
   * the first: this agent may have started after the owner fell silent and never heard the word
   * itself (chaos seed 13). A task the owner was last heard running is held the same way: an owner
   * cut off mid-run finishes it while away, unheard, and a take-over would run it a second time
   * (chaos seed 9 of 2026-12-03); a dead owner's task is taken over 12 intervals late instead.
   */
  public boolean mayTakeOver(String peerId, long number) {
    lock.lock();
    try {
      Instant now = clock.instant();
      evaluate(now);
      if (heldByRelay(peerId, number, now)) {
        return false;
      }
      Departure left = departed.get(peerId);
      if (left != null) {
        return !left.resultsWaiting().containsKey(number)
            || !clock.instant().isBefore(left.receivedAt().plus(resultWaitingGrace));
      }
      Entry e = peers.get(peerId);
      if (e == null || !e.gone) {
        return false;
      }
      return !(e.resultsWaiting.containsKey(number) || e.running.containsKey(number))
          || !clock.instant().isBefore(e.lastSeen.plus(resultWaitingGrace));
    } finally {
      lock.unlock();
    }
  }

  /**
   * For {@code results_held}: every result a peer said waits on it, while this agent's hold for it
   * runs ({@link #RESULT_WAITING_INTERVALS} intervals after the peer was last heard, or after its
   * goodbye), the live peer's too, so the list is there before the owner falls silent. Only what
   * this agent heard itself: a relayed hold is not relayed again, so it ends with the hold of the
   * last peer that heard the owner. At most the codec's list limit.
   */
  public List<HeldResult> heldResults() {
    lock.lock();
    try {
      Instant now = clock.instant();
      evaluate(now);
      List<HeldResult> out = new ArrayList<>();
      List<HeldResult> running = new ArrayList<>();
      for (Entry e : peers.values()) {
        if (e.heard && now.isBefore(e.lastSeen.plus(resultWaitingGrace))) {
          e.resultsWaiting.values().forEach(t -> out.add(new HeldResult(e.id, t)));
          e.running.values().stream()
              .filter(t -> !e.resultsWaiting.containsKey(t.number()))
              .forEach(t -> running.add(new HeldResult(e.id, t)));
        }
      }
      departed.forEach(
          (id, d) -> {
            if (now.isBefore(d.receivedAt().plus(resultWaitingGrace))) {
              d.resultsWaiting().values().forEach(t -> out.add(new HeldResult(id, t)));
            }
          });
      // results said to wait first: a peer announcing many runs, true or made up, cannot push
      // another owner's waiting result out of the list
      Comparator<HeldResult> order =
          Comparator.comparing(HeldResult::nodeId)
              .thenComparing(h -> h.task().repository())
              .thenComparingLong(h -> h.task().number());
      return java.util.stream.Stream.concat(
              out.stream().sorted(order), running.stream().sorted(order))
          .limit(MAX_HEARD_LIST)
          .toList();
    } finally {
      lock.unlock();
    }
  }

  /** What {@code from} relays: each owner's task held from {@code now} on. */
  private void relayed(String from, List<HeldResult> held, Instant now) {
    for (Map<Long, Relay> tasks : relays.values()) {
      tasks.values().removeIf(r -> !now.isBefore(r.last().plus(suspectAfter)));
    }
    relays.values().removeIf(Map::isEmpty);
    for (HeldResult h : held) {
      if (h.nodeId().equals(self) || h.nodeId().equals(from)) {
        continue; // our own results, or the sender's, which it says itself
      }
      Map<Long, Relay> tasks = relays.get(h.nodeId());
      if (tasks == null) {
        if (relays.size() >= MAX_PEERS) {
          continue;
        }
        tasks = new HashMap<>();
        relays.put(h.nodeId(), tasks);
      }
      Relay before = tasks.get(h.task().number());
      if (before != null) {
        tasks.put(h.task().number(), new Relay(before.first(), now));
      } else if (tasks.size() < MAX_RESULTS_WAITING) {
        tasks.put(h.task().number(), new Relay(now, now));
      }
    }
  }

  private boolean heldByRelay(String peerId, long number, Instant now) {
    Map<Long, Relay> tasks = relays.get(peerId);
    Relay r = tasks == null ? null : tasks.get(number);
    // never longer than the owner's own word would hold: a peer that keeps relaying a hold it
    // made up delays that take-over by the same 12 intervals as the owner could, no more
    return r != null
        && now.isBefore(r.last().plus(suspectAfter))
        && now.isBefore(r.first().plus(resultWaitingGrace));
  }

  /** Whether any peer is confirmed gone or said goodbye: claims may be waiting to be taken over. */
  public boolean anyGone() {
    lock.lock();
    try {
      evaluate(clock.instant());
      return !departed.isEmpty() || peers.values().stream().anyMatch(e -> e.gone);
    } finally {
      lock.unlock();
    }
  }

  public List<PeerView> peers() {
    lock.lock();
    try {
      evaluate(clock.instant());
      return peers.values().stream()
          .filter(e -> e.heard)
          .sorted(Comparator.comparing(e -> e.id))
          .map(e -> new PeerView(e.id, e.reported, e.capabilities, e.availability, e.lastSeen))
          .toList();
    } finally {
      lock.unlock();
    }
  }

  public List<String> livePeers() {
    return peers().stream().filter(p -> p.state() == State.LIVE).map(PeerView::peerId).toList();
  }

  /** Updates states; transitions are kept for {@link #refresh} (bounded). */
  private void evaluate(Instant now) {
    List<Change> changes = pending;
    if (changes.size() > MAX_PEERS) {
      changes.subList(0, changes.size() - MAX_PEERS).clear();
    }
    List<Entry> live = new ArrayList<>();
    List<Entry> suspects = new ArrayList<>();
    List<Entry> unheardSuspects = new ArrayList<>();
    peers.values().removeIf(e -> e.gone && e.lastSeen.plus(forgetAfter).isBefore(now));
    departed.values().removeIf(d -> d.receivedAt().plus(forgetAfter).isBefore(now));
    for (Entry e : peers.values()) {
      if (e.gone) {
        continue;
      }
      boolean silent;
      if (e.heard) {
        silent = !now.isBefore(e.lastSeen.plus(suspectAfter));
      } else {
        // watched since it was first seen on the tracker, but never before this agent joined:
        // a newcomer has not had the time to hear anyone
        silent =
            joinedAt
                .map(j -> j.isAfter(e.lastSeen) ? j : e.lastSeen)
                .map(since -> !now.isBefore(since.plus(suspectAfter)))
                .orElse(false);
      }
      if (silent) {
        (e.heard ? suspects : unheardSuspects).add(e);
        if (e.reported != State.SUSPECT) {
          changes.add(new Change(e.id, Optional.of(e.reported), State.SUSPECT));
          e.reported = State.SUSPECT;
        }
      } else if (e.heard) {
        live.add(e);
      }
    }
    int liveSide = live.size() + 1; // this agent
    for (Entry x : suspects) {
      confirmIfMissed(x, live, 2 * liveSide > liveSide + suspects.size(), changes);
    }
    for (Entry x : unheardSuspects) {
      // counted as one more member only while it is judged (see the class comment)
      confirmIfMissed(x, live, 2 * liveSide > liveSide + suspects.size() + 1, changes);
    }
  }

  /** Rule (2), given rule (1)'s answer: a majority of the live side, this agent first, misses x. */
  private static void confirmIfMissed(
      Entry x, List<Entry> live, boolean quorum, List<Change> changes) {
    if (!quorum) {
      return;
    }
    long votes = 1 + live.stream().filter(p -> misses(p, x.id)).count();
    if (2 * votes > live.size() + 1) {
      x.gone = true;
      changes.add(new Change(x.id, Optional.of(State.SUSPECT), State.GONE));
      x.reported = State.GONE;
    }
  }

  /**
   * Peer p's latest broadcast lists x as missing, or lists whom p hears and x is not among them.
   */
  private static boolean misses(Entry p, String x) {
    return p.missing.contains(x) || p.hears.map(h -> !h.contains(x)).orElse(false);
  }

  private void forgetOldest() {
    peers.values().stream()
        .min(Comparator.comparing((Entry e) -> e.lastSeen))
        .ifPresent(e -> peers.remove(e.id));
  }
}
