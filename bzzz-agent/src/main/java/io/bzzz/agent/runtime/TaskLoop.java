package io.bzzz.agent.runtime;

import io.bzzz.agent.capability.Capabilities;
import io.bzzz.agent.coordination.Payload;
import io.bzzz.agent.coordination.PeerTable;
import io.bzzz.agent.coordination.TaskRef;
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
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
 * known peer can do, so that their help rounds run and end in a comment asking a human. A candidate
 * whose claim it lost is skipped in later polls while it still looks open ({@link LostClaims}), so
 * a few claim branches nobody labelled cannot take every free slot at every poll.
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
  private final InstantSource clock;
  private final TaskSlots slots;
  private final LoopSignals signals;
  private final LostClaims lostClaims = new LostClaims();
  private final AtomicBoolean claiming = new AtomicBoolean(true);
  private final List<Thread> workers = new ArrayList<>();
  private final ReentrantLock workersLock = new ReentrantLock();

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
      InstantSource clock) {
    this.self = self;
    this.me = me;
    this.repos = List.copyOf(repos);
    this.peers = peers;
    this.capabilities = capabilities;
    this.job = job;
    this.board = board;
    this.metrics = metrics;
    this.pollInterval = pollInterval;
    this.clock = clock;
    this.slots = slots;
    this.signals = signals;
  }

  /** Polls until interrupted or {@link #stopClaiming}; runs on its own (virtual) thread. */
  void run() {
    while (claiming.get() && !Thread.currentThread().isInterrupted()) {
      for (RepoHandle repo : repos) {
        if (!claiming.get()) {
          break;
        }
        try {
          if (slots.free() > 0 && myTurn(repo.repository())) {
            poll(repo);
          }
        } catch (TrackerException | IllegalStateException e) {
          log.atWarn().addKeyValue("repo", repo.repository()).log("poll failed: " + e.getMessage());
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
          claimAndRun(repo.get(), t, r -> r.tracker().reclaim(t.number(), me, released));
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
    List<Task> listed = repo.tracker().candidates(PAGE + lostClaims.size());
    lostClaims.keepOnly(repo.repository(), listed.stream().map(repo::ref).toList());
    List<Task> open = listed.stream().filter(t -> !lostClaims.isLost(repo.ref(t))).toList();
    List<Task> mine =
        TaskRanking.rank(open, Task::labels, Task::number, capabilities.get()).stream()
            .filter(t -> !board.isActive(repo.ref(t)))
            .toList();
    for (Task t : mine) {
      if (!slots.tryTake()) {
        return;
      }
      claimAndRunAsync(repo, t, r -> r.tracker().claim(t.number(), me));
    }
    for (Task t : open) {
      if (!mine.contains(t) && nobodyCan(t) && slots.tryTake()) {
        claimAndRunAsync(repo, t, r -> r.tracker().claim(t.number(), me));
      }
    }
    if (peers.anyGone()) {
      reclaimFromGone(repo);
    }
  }

  private void reclaimFromGone(RepoHandle repo) {
    MeshLiveness liveness = new MeshLiveness(peers);
    for (Task t : repo.tracker().listTasks(TaskQuery.claimed(PAGE))) {
      if (board.isActive(repo.ref(t)) || !capabilities.get().missing(t.labels()).isEmpty()) {
        continue;
      }
      Optional<Claim> claim = repo.tracker().currentClaim(t.number());
      if (claim.isPresent() && liveness.isGone(claim.get()) && slots.tryTake()) {
        claimAndRunAsync(repo, t, r -> r.tracker().reclaim(t.number(), me, liveness));
      }
    }
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
    spawn(() -> claimAndRun(repo, t, call));
  }

  /** Runs on a worker thread that already holds a slot; gives it back unless help is pending. */
  private void claimAndRun(RepoHandle repo, Task t, ClaimCall call) {
    boolean held = false;
    try {
      ClaimResult result = call.claim(repo);
      switch (result) {
        case ClaimResult.Won won -> {
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
      log.atWarn().addKeyValue("task", t.number()).log("claim failed: " + e.getMessage());
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
