package io.bzzz.agent.runtime;

import io.bzzz.agent.capability.Capabilities;
import io.bzzz.agent.coordination.Payload;
import io.bzzz.agent.coordination.PeerTable;
import io.bzzz.agent.coordination.TaskRef;
import io.bzzz.agent.pickup.PickupMetrics;
import io.bzzz.agent.pickup.PushPickup;
import io.bzzz.agent.pickup.TaskHint;
import io.bzzz.agent.schedule.Auction;
import io.bzzz.agent.task.CandidateGate;
import io.bzzz.agent.task.MeshLiveness;
import io.bzzz.agent.task.PollRota;
import io.bzzz.agent.task.TaskRanking;
import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.Claim;
import io.bzzz.tracker.ClaimResult;
import io.bzzz.tracker.OwnerLiveness;
import io.bzzz.tracker.Task;
import io.bzzz.tracker.TaskQuery;
import io.bzzz.tracker.TrackerException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and claims tasks, never holding more than {@code max_tasks}: one slot of {@link TaskSlots}
 * per held task, taken before the claim and given back when the task ends or is handed over. Every
 * claim starts on this loop's thread, including take-overs of tasks a peer handed to us ({@link
 * LoopSignals}). Polling is shared: in each poll slot (a poll interval of wall time) one agent
 * among those with a free slot polls each repository, so tracker traffic stays flat as agents are
 * added. The poller also takes over tasks whose owner the mesh confirmed gone, and claims tasks no
 * known peer can do, so that their help rounds run and end in a comment asking a human.
 *
 * <p>Nothing is claimed before the agent has joined the mesh ({@link MeshJoin}). Owners of claimed
 * tasks are read from the tracker at least once per confirmation period and watched by the {@link
 * PeerTable} even when they never spoke on the mesh, so a claim whose owner nobody heard is taken
 * over like any other. A candidate whose claim it lost is skipped in later polls while it still
 * looks open ({@link LostClaims}), so a few claim branches nobody labelled cannot take every free
 * slot at every poll.
 */
final class TaskLoop {
  private static final Logger log = LoggerFactory.getLogger(TaskLoop.class);
  private static final int PAGE = 50;

  private final String self;
  private final AgentIdentity me;
  private final List<RepoHandle> repos;
  private final PeerTable peers;
  private final Supplier<Capabilities> capabilities;
  private final TaskJob job;
  private final TaskBoard board;
  private final AgentMetrics metrics;
  private final Duration pollInterval;
  private final Duration ownerSweepEvery;
  private final Map<String, Instant> lastOwnerSweep = new HashMap<>();
  private final Map<String, Set<String>> ownersByRepo = new HashMap<>();
  private final Map<String, Claim> knownClaims = new HashMap<>();
  private final UnownedClaims unowned;
  private final Map<String, List<Task>> lostCandidates = new HashMap<>();
  private final InstantSource clock;
  private final TaskSlots slots;
  private final LoopSignals signals;
  private final TrackerOutage outage;
  private final Supplier<List<RestartReconciliation.Orphan>> reconcile;
  private final PushPickup pickup;
  private final CandidateGate gate;
  private final Deque<RestartReconciliation.Orphan> orphans = new ArrayDeque<>();
  private boolean reconciled;
  private final LostClaims lostClaims = new LostClaims();
  private final AtomicBoolean claiming = new AtomicBoolean(true);
  private final List<Thread> workers = new ArrayList<>();
  private final ReentrantLock workersLock = new ReentrantLock();
  private final Optional<Auction> auction;
  private final HandedBackClaims handedBack;

  /** Tasks the last polls listed, so that a won auction claims without reading the task again. */
  private final Map<TaskRef, Task> listedTasks = new HashMap<>();

  private final UnservedTasks unserved;

  TaskLoop(
      String self,
      AgentIdentity me,
      List<RepoHandle> repos,
      PeerTable peers,
      Supplier<Capabilities> capabilities,
      TaskJob job,
      TaskBoard board,
      AgentMetrics metrics,
      TaskSlots slots,
      LoopSignals signals,
      Duration pollInterval,
      Duration ownerSweepEvery,
      InstantSource clock,
      TrackerOutage outage,
      Supplier<List<RestartReconciliation.Orphan>> reconcile,
      PushPickup pickup,
      CandidateGate gate,
      Optional<Auction> auction,
      HandedBackClaims handedBack) {
    this.auction = auction;
    this.handedBack = handedBack;
    this.self = self;
    this.me = me;
    this.repos = List.copyOf(repos);
    this.peers = peers;
    this.capabilities = capabilities;
    this.job = job;
    this.board = board;
    this.metrics = metrics;
    this.pollInterval = pollInterval;
    this.ownerSweepEvery = ownerSweepEvery;
    this.unowned = new UnownedClaims(UnownedClaims.grace(ownerSweepEvery));
    // A task nobody live can do waits the time the peer table takes to suspect a silent peer.
    this.unserved = new UnservedTasks(ownerSweepEvery);
    this.clock = clock;
    this.slots = slots;
    this.signals = signals;
    this.outage = outage;
    this.reconcile = reconcile;
    this.pickup = pickup;
    this.gate = gate;
  }

  /**
   * Waits to join the mesh, then polls until interrupted or {@link #stopClaiming}; runs on its own
   * (virtual) thread.
   */
  void run() {
    try {
      log.atInfo().log("waiting to join the mesh before claiming (a peer, or --run-alone)");
      if (!signals.awaitJoined()) {
        return;
      }
    } catch (InterruptedException e) {
      return;
    }
    while (claiming.get() && !Thread.currentThread().isInterrupted()) {
      reconcileOnce();
      redoOrphans();
      redoHandedBack();
      for (RepoHandle repo : repos) {
        if (!claiming.get()) {
          break;
        }
        try {
          if (slots.free() > 0 && myTurn(repo.repository())) {
            poll(repo);
            outage.answered();
          }
        } catch (TrackerException | IllegalStateException e) {
          trackerFailed("poll of " + repo.repository(), e);
        } catch (RuntimeException e) {
          // Anything else is a bug or an answer nobody foresaw; ending the loop here would leave
          // the agent on the mesh, live and available, chosen as poller, and claiming nothing.
          log.atError().addKeyValue("repo", repo.repository()).setCause(e).log("poll failed");
        }
      }
      try {
        awaitNextPoll();
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /**
   * The loop's pace: waits one poll interval, taking over handed tasks as they arrive; a peer
   * leaving ends the wait early.
   */
  private void awaitNextPoll() throws InterruptedException {
    long deadline = System.nanoTime() + pollInterval.toNanos();
    while (claiming.get()) {
      Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
      Optional<LoopSignals.Signal> signal = signals.next(left);
      if (signal.isEmpty()) {
        return;
      }
      switch (signal.get()) {
        case LoopSignals.TakeOver t -> takeOver(t.task(), t.owner());
        case LoopSignals.CheckTask c -> checkHinted(c.hint());
        case LoopSignals.AuctionWon w -> claimWon(w.task());
        case LoopSignals.TakeOffered o -> takeOffered(o);
        case LoopSignals.PollNow p -> {
          return;
        }
        case LoopSignals.StopClaiming s -> {
          log.atError().addKeyValue("reason", s.reason()).log("claiming stopped");
          stopClaiming();
          return;
        }
      }
    }
  }

  /**
   * Restart reconciliation, before the first poll and again each round until the tracker has
   * answered it: the claims an earlier run left unfinished (see {@link RestartReconciliation}).
   */
  private void reconcileOnce() {
    if (reconciled) {
      return;
    }
    try {
      List<RestartReconciliation.Orphan> found = reconcile.get();
      reconciled = true;
      outage.answered();
      orphans.addAll(found);
      for (RestartReconciliation.Orphan o : found) {
        log.atInfo()
            .addKeyValue("task", o.repo().ref(o.task()))
            .addKeyValue("attempt", o.claim().attempt())
            .log("an earlier run left this claim unfinished; taking it over to do it again");
      }
    } catch (TrackerException e) {
      trackerFailed("restart reconciliation", e);
    }
  }

  /** Takes over orphaned claims as attempt k+1, as many as there are free slots. */
  private void redoOrphans() {
    while (claiming.get() && !orphans.isEmpty() && slots.tryTake()) {
      RestartReconciliation.Orphan o = orphans.poll();
      int attempt = o.claim().attempt();
      OwnerLiveness thatRunIsGone = claim -> claim.attempt() == attempt;
      claimAndRunAsync(
          o.repo(), o.task(), r -> r.tracker().reclaim(o.task().number(), me, thatRunIsGone));
    }
  }

  /**
   * Takes over again, as attempt k+1, the claims handed back after an infrastructure failure whose
   * wait has passed; one the tracker still cannot take goes back with a longer wait.
   */
  private void redoHandedBack() {
    for (HandedBackClaims.Entry e : handedBack.takeDue(claiming.get() ? slots.free() : 0)) {
      if (!claiming.get() || !slots.tryTake()) {
        handedBack.again(e);
        continue;
      }
      int number = e.held().task().number();
      claimAndRunAsync(
          e.held().repo(),
          e.held().task(),
          r -> {
            try {
              return r.tracker().reclaim(number, me, c -> HandedBackClaims.stillOurs(e, c));
            } catch (TrackerException x) {
              if (TrackerOutage.isOutage(x)) {
                handedBack.again(e);
              }
              throw x;
            }
          });
    }
  }

  /** An outage is logged once (and waited out); anything else each time. */
  private void trackerFailed(String what, RuntimeException e) {
    if (TrackerOutage.isOutage(e)) {
      outage.failed(what, e);
    } else {
      log.atWarn().addKeyValue("what", what).log("tracker call failed: " + e.getMessage());
    }
  }

  /** Stops the auction's thread (at close, after claiming stopped). */
  void closeAuction() {
    auction.ifPresent(Auction::close);
  }

  void stopClaiming() {
    claiming.set(false);
  }

  boolean claimingStopped() {
    return !claiming.get();
  }

  /** Waits for running tasks to end; false when some were still running at the deadline. */
  boolean awaitIdle(Duration grace) throws InterruptedException {
    long deadline = System.nanoTime() + grace.toNanos();
    for (Thread t : workers()) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || !t.join(Duration.ofNanos(left))) {
        return false;
      }
    }
    return true;
  }

  void interruptWorkers() {
    workers().forEach(Thread::interrupt);
  }

  /** A peer handed {@code task} to us: claim the next attempt with the owner's consent. */
  private void takeOver(TaskRef task, String owner) {
    Optional<RepoHandle> repo =
        repos.stream().filter(r -> r.repository().equals(task.repository())).findFirst();
    if (repo.isEmpty() || !claiming.get() || !slots.tryTake()) {
      log.atWarn().addKeyValue("task", task).log("cannot take over a handed task");
      return;
    }
    spawn(
        () -> {
          OwnerLiveness released =
              claim -> claim.owner().flatMap(AgentIdentity::peerId).equals(Optional.of(owner));
          Task t;
          try {
            t = repo.get().tracker().task((int) task.number());
          } catch (TrackerException e) {
            slots.giveBack(); // claimAndRun never started, so its finally cannot
            log.atWarn().addKeyValue("task", task).log("cannot take over: " + e.getMessage());
            return;
          }
          claimAndRun(
              repo.get(), t, r -> r.tracker().reclaim(t.number(), me, released), Optional.empty());
        });
  }

  /**
   * A peer offered a task it holds and has not started (work stealing): claim attempt k+1 with a
   * liveness rule that accepts exactly that owner's attempt k, so an old offer can never take a
   * later attempt, and the owner is fenced out by the new branch.
   */
  private void takeOffered(LoopSignals.TakeOffered o) {
    Optional<RepoHandle> repo =
        repos.stream().filter(r -> r.repository().equals(o.task().repository())).findFirst();
    if (repo.isEmpty()
        || !claiming.get()
        || board.isActive(o.task())
        || !clock.instant().isBefore(o.deadline())
        || !slots.tryTake()) {
      log.atDebug().addKeyValue("task", o.task()).log("offered task, but not taking it now");
      return;
    }
    spawn(
        () -> {
          Task t;
          try {
            t = repo.get().tracker().task((int) o.task().number());
          } catch (TrackerException e) {
            slots.giveBack(); // claimAndRun never started, so its finally cannot
            trackerFailed("read of offered task " + o.task(), e);
            return;
          }
          if (!capabilities.get().missing(t.labels()).isEmpty()
              || !admitted(repo.get(), t)
              || !clock.instant().isBefore(o.deadline())) {
            // the offer's labels are a peer's word, the tracker's count; past the deadline the
            // owner may be starting the task itself
            slots.giveBack();
            return;
          }
          OwnerLiveness offered =
              claim ->
                  claim.attempt() == o.attempt()
                      && claim
                          .owner()
                          .flatMap(AgentIdentity::peerId)
                          .equals(Optional.of(o.owner()));
          claimAndRun(
              repo.get(),
              t,
              r -> {
                ClaimResult result = r.tracker().reclaim(t.number(), me, offered);
                o.won().accept(result instanceof ClaimResult.Won);
                return result;
              },
              Optional.empty());
        });
  }

  private boolean myTurn(String repository) {
    List<String> pollers = new ArrayList<>();
    pollers.add(self);
    for (PeerTable.PeerView p : peers.peers()) {
      boolean free =
          p.availability().map(Payload.AvailabilityBroadcast::availableForWork).orElse(true);
      if (p.state() == PeerTable.State.LIVE && free) {
        pollers.add(p.peerId());
      }
    }
    long slot = clock.millis() / Math.max(1, pollInterval.toMillis());
    return PollRota.shouldPoll(self, repository + "@" + slot, pollers);
  }

  private void poll(RepoHandle repo) {
    metrics.polled();
    repo.labels().ensure();
    List<Task> listed = repo.tracker().candidates(PAGE + lostClaims.size());
    lostClaims.keepOnly(repo.repository(), listed.stream().map(repo::ref).toList());
    List<Task> open =
        listed.stream()
            .filter(t -> !lostClaims.isLost(repo.ref(t)))
            .filter(t -> admitted(repo, t))
            .toList();
    lostCandidates.put(
        repo.repository(), listed.stream().filter(t -> lostClaims.isLost(repo.ref(t))).toList());
    List<Task> mine =
        TaskRanking.rank(open, Task::labels, Task::number, capabilities.get()).stream()
            .filter(t -> !board.isActive(repo.ref(t)))
            .toList();
    if (auction.isPresent() && !peers.livePeers().isEmpty()) {
      auctionOff(repo, open, mine);
    } else {
      List<Task> taken = claimFirstCome(repo, mine);
      shareTheRest(repo, open, taken);
    }
    List<Task> unservable =
        open.stream()
            .filter(t -> !mine.contains(t) && !board.isActive(repo.ref(t)) && nobodyCan(t))
            .toList();
    unserved.keepOnly(repo.repository(), unservable.stream().map(repo::ref).toList());
    List<String> live = peers.livePeers();
    for (Task t : unservable) {
      if (unserved.ripe(repo.ref(t), live, clock.instant()) && slots.tryTake()) {
        claimAndRunAsync(repo, t, r -> r.tracker().claim(t.number(), me), PickupMetrics.Path.POLL);
      }
    }
    if (peers.anyGone() || ownerSweepDue(repo.repository())) {
      sweepOwners(repo);
    }
  }

  /** Dependencies done, not reserved for a council's members: see {@link CandidateGate}. */
  private boolean admitted(RepoHandle repo, Task t) {
    try {
      return gate.admits(repo.tracker(), t);
    } catch (TrackerException e) {
      return false; // a dependency could not be read: ask again at the next poll
    }
  }

  /**
   * With peers, each candidate some agent can do goes to auction ({@code io.bzzz.agent.schedule}):
   * the agents bid and the best claims it, where without it this poller would claim them all.
   */
  private void auctionOff(RepoHandle repo, List<Task> open, List<Task> mine) {
    listedTasks.keySet().removeIf(ref -> ref.repository().equals(repo.repository()));
    for (Task t : open) {
      TaskRef ref = repo.ref(t);
      if (!board.isActive(ref) && (mine.contains(t) || !nobodyCan(t))) {
        listedTasks.put(ref, t);
        auction.get().taskAvailable(ref, t.labels());
      }
    }
  }

  /** The auction chose this agent for {@code task}: claim it if a slot is free and it still can. */
  private void claimWon(TaskRef task) {
    Optional<RepoHandle> repo =
        repos.stream().filter(r -> r.repository().equals(task.repository())).findFirst();
    if (repo.isEmpty() || !claiming.get() || board.isActive(task) || !slots.tryTake()) {
      log.atDebug().addKeyValue("task", task).log("auction won, but not claiming it now");
      return;
    }
    Task known = listedTasks.remove(task);
    spawn(
        () -> {
          Task t;
          try {
            t = known != null ? known : repo.get().tracker().task((int) task.number());
          } catch (TrackerException e) {
            slots.giveBack(); // claimAndRun never started, so its finally cannot
            trackerFailed("read of won task " + task, e);
            return;
          }
          if (!capabilities.get().missing(t.labels()).isEmpty() || !admitted(repo.get(), t)) {
            slots.giveBack(); // the labels a bid carried are a peer's word; the tracker's count
            return;
          }
          claimAndRun(
              repo.get(),
              t,
              r -> r.tracker().claim(t.number(), me),
              Optional.of(PickupMetrics.Path.POLL));
        });
  }

  /**
   * Without auction: claim the ranked candidates while slots are free (first come); returns those
   * it claims.
   */
  private List<Task> claimFirstCome(RepoHandle repo, List<Task> mine) {
    List<Task> taken = new ArrayList<>();
    for (Task t : mine) {
      if (!slots.tryTake()) {
        break;
      }
      taken.add(t);
      claimAndRunAsync(repo, t, r -> r.tracker().claim(t.number(), me), PickupMetrics.Path.POLL);
    }
    return taken;
  }

  /**
   * The candidates this poll found and does not claim (its slots are full, or it lacks a capability
   * a live peer has) go to the peers as {@code task_available}, oldest first and at most one burst
   * of a peer's hint gate: they look now instead of waiting for the poll slots to come round to
   * them, one slot's worth of tasks per poll interval. The rest is for the next poll.
   */
  private void shareTheRest(RepoHandle repo, List<Task> open, List<Task> taken) {
    if (peers.livePeers().isEmpty()) {
      return;
    }
    open.stream()
        .filter(t -> !taken.contains(t) && !board.isActive(repo.ref(t)) && !nobodyCan(t))
        .sorted(java.util.Comparator.comparingInt(Task::number))
        .limit(PushPickup.SHARED_PER_POLL)
        .forEach(t -> pickup.shareFound(repo.ref(t), t.labels()));
  }

  private boolean ownerSweepDue(String repository) {
    Instant last = lastOwnerSweep.get(repository);
    return last == null || !clock.instant().isBefore(last.plus(ownerSweepEvery));
  }

  /**
   * Reads the owners of claimed tasks this agent could do, has the peer table watch those it never
   * heard, and takes over the tasks whose owner is confirmed gone. A claim is read again only when
   * it is new or its owner is not heard (one listing per sweep otherwise).
   */
  private void sweepOwners(RepoHandle repo) {
    lastOwnerSweep.put(repo.repository(), clock.instant());
    MeshLiveness liveness = new MeshLiveness(peers);
    Set<String> live = new HashSet<>(peers.livePeers());
    Set<String> owners = new HashSet<>();
    Set<String> listed = new HashSet<>();
    List<TaskRef> claimedRefs = new ArrayList<>();
    List<Task> claimed = new ArrayList<>(repo.tracker().listTasks(TaskQuery.claimed(PAGE)));
    // candidates whose claim this agent lost may be claims nobody signed: judge them here too
    claimed.addAll(lostCandidates.getOrDefault(repo.repository(), List.of()));
    for (Task t : claimed) {
      claimedRefs.add(repo.ref(t));
      String key = repo.repository() + "#" + t.number();
      listed.add(key);
      if (board.isActive(repo.ref(t)) || !capabilities.get().missing(t.labels()).isEmpty()) {
        continue;
      }
      Claim known = knownClaims.get(key);
      Optional<Claim> claim =
          known != null && ownerPeer(known).filter(live::contains).isPresent()
              ? Optional.of(known)
              : repo.tracker().currentClaim(t.number());
      if (claim.isEmpty()) {
        knownClaims.remove(key);
        continue;
      }
      knownClaims.put(key, claim.get());
      if (unowned.abandoned(repo.ref(t), claim.get(), clock.instant()) && slots.tryTake()) {
        knownClaims.remove(key);
        unowned.forget(repo.ref(t));
        lostClaims.forget(repo.ref(t));
        Claim seen = claim.get();
        log.atInfo()
            .addKeyValue("task", t.number())
            .addKeyValue("attempt", seen.attempt())
            .log("claim signed by nobody for the grace period; taking it over");
        claimAndRunAsync(
            repo, t, r -> r.tracker().reclaim(t.number(), me, UnownedClaims.unsigned(seen)));
        continue;
      }
      ownerPeer(claim.get())
          .ifPresent(
              owner -> {
                owners.add(owner);
                peers.watch(owner);
              });
      if (liveness.isGone(claim.get()) && slots.tryTake()) {
        knownClaims.remove(key); // the next attempt is someone's, maybe ours
        claimAndRunAsync(repo, t, r -> r.tracker().reclaim(t.number(), me, liveness));
      }
    }
    knownClaims
        .keySet()
        .removeIf(k -> k.startsWith(repo.repository() + "#") && !listed.contains(k));
    unowned.keepOnly(repo.repository(), claimedRefs);
    ownersByRepo.put(repo.repository(), owners);
    Set<String> all = new HashSet<>();
    ownersByRepo.values().forEach(all::addAll);
    peers.keepWatching(all);
  }

  private static Optional<String> ownerPeer(Claim claim) {
    return claim.owner().flatMap(AgentIdentity::peerId);
  }

  /** True when no live peer, nor this agent, meets the task's requirements. */
  private boolean nobodyCan(Task t) {
    List<String> required = Capabilities.requirements(t.labels());
    for (PeerTable.PeerView p : peers.peers()) {
      if (p.state() == PeerTable.State.LIVE
          && p.capabilities().isPresent()
          && required.stream().allMatch(r -> meets(p.capabilities().get(), r))) {
        return false;
      }
    }
    return true;
  }

  private static boolean meets(Payload.CapabilityBroadcast caps, String requirement) {
    int colon = requirement.indexOf(':');
    String kind = requirement.substring(0, colon);
    String value = requirement.substring(colon + 1);
    return kind.equals("model")
        ? caps.models().stream().anyMatch(m -> m.equals(value) || m.equals(value + ":latest"))
        : caps.capabilities().contains(value);
  }

  private interface ClaimCall {
    ClaimResult claim(RepoHandle repo);
  }

  private void claimAndRunAsync(RepoHandle repo, Task t, ClaimCall call) {
    spawn(() -> claimAndRun(repo, t, call, Optional.empty()));
  }

  /** As above for a first claim of a new task, whose pickup time is measured. */
  private void claimAndRunAsync(RepoHandle repo, Task t, ClaimCall call, PickupMetrics.Path found) {
    spawn(() -> claimAndRun(repo, t, call, Optional.of(found)));
  }

  /**
   * A hint named this task (push pickup): one GET of the issue, then the same checks as a poll
   * before the claim. The hint's labels are not trusted; the tracker's are.
   */
  private void checkHinted(TaskHint hint) {
    TaskRef ref = hint.task();
    Optional<RepoHandle> repo =
        repos.stream().filter(r -> r.repository().equalsIgnoreCase(ref.repository())).findFirst();
    if (repo.isEmpty() || !claiming.get() || board.isActive(ref) || slots.free() == 0) {
      return;
    }
    Task t;
    try {
      t = repo.get().tracker().task((int) ref.number());
      outage.answered();
    } catch (TrackerException | IllegalStateException e) {
      trackerFailed("look at hinted #" + ref.number(), e);
      return;
    }
    TaskRef named = repo.get().ref(t);
    boolean candidate =
        TaskQuery.candidates(1).accepts(t)
            && !lostClaims.isLost(named)
            && !board.isActive(named)
            && admitted(repo.get(), t);
    boolean able =
        capabilities.get().missing(t.labels()).isEmpty()
            || (nobodyCan(t) && unserved.ripe(named, peers.livePeers(), clock.instant()));
    if (candidate && able && slots.tryTake()) {
      log.atInfo().addKeyValue("task", named).addKeyValue("hint", hint.origin()).log("claiming");
      claimAndRunAsync(
          repo.get(),
          t,
          r -> r.tracker().claim(t.number(), me),
          PickupMetrics.Path.of(hint.origin()));
    }
  }

  /** Runs on a worker thread that already holds a slot; gives it back unless help is pending. */
  private void claimAndRun(
      RepoHandle repo, Task t, ClaimCall call, Optional<PickupMetrics.Path> found) {
    boolean held = false;
    try {
      ClaimResult result = call.claim(repo);
      switch (result) {
        case ClaimResult.Won won -> {
          found.ifPresent(path -> pickup.claimed(repo.ref(t), t.createdAt(), path));
          HeldTask task = new HeldTask(repo, t, won.claim(), repo.ref(t));
          job.announce(task);
          held = job.run(task);
        }
        case ClaimResult.Lost lost -> {
          metrics.conflict();
          lostClaims.lost(repo.ref(t));
          log.atInfo()
              .addKeyValue("task", t.number())
              .addKeyValue("attempt", lost.attempt())
              .addKeyValue("holder", lost.holder().map(AgentIdentity::name).orElse("unknown"))
              .log("claim lost");
        }
      }
    } catch (TrackerException e) {
      trackerFailed("claim of #" + t.number(), e);
    } finally {
      if (!held) {
        slots.giveBack();
      }
    }
  }

  private void spawn(Runnable work) {
    Thread t = Thread.ofVirtual().name("task-", 0).unstarted(work);
    workersLock.lock();
    try {
      workers.removeIf(w -> !w.isAlive());
      workers.add(t);
    } finally {
      workersLock.unlock();
    }
    t.start();
  }

  private List<Thread> workers() {
    workersLock.lock();
    try {
      return List.copyOf(workers);
    } finally {
      workersLock.unlock();
    }
  }
}
