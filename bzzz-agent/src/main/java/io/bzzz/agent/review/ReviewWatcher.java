package io.bzzz.agent.review;

import io.bzzz.agent.exec.Executor;
import io.bzzz.agent.workspace.Workspaces;
import io.bzzz.tracker.AgentIdentity;
import io.bzzz.tracker.BzzzLabels;
import io.bzzz.tracker.Claim;
import io.bzzz.tracker.ClaimResult;
import io.bzzz.tracker.Comment;
import io.bzzz.tracker.PullRequest;
import io.bzzz.tracker.Task;
import io.bzzz.tracker.TaskState;
import io.bzzz.tracker.TrackerException;
import io.bzzz.tracker.claim.ClaimBranch;
import io.bzzz.tracker.claim.ClaimMarker;
import io.bzzz.tracker.claim.MarkerAuthors;
import io.bzzz.tracker.review.Permission;
import io.bzzz.tracker.review.PullStatus;
import io.bzzz.tracker.review.Review;
import io.bzzz.tracker.review.ReviewComment;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The review loop (docs/review.md): watches the open pull requests whose head is a Bzzz claim
 * branch, finds requests for a change from users with write access, claims each round as the task's
 * next attempt and runs it ({@link ReviewRound}); a merged or closed pull request ends its task for
 * good. Polls every {@link ReviewSettings#pollInterval}; {@link #pullRequestActivity} checks one
 * pull request at once (what a tracker webhook calls).
 */
public final class ReviewWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ReviewWatcher.class);

  private final List<WatchedRepo> repos;
  private final ReviewSettings settings;
  private final AgentIdentity me;
  private final ReviewRound rounds;
  private final ReviewLedger ledger;
  private final InstantSource clock;
  private final Predicate<AgentIdentity> gone;
  private final Predicate<List<String>> capable;
  private final Map<String, Instant> firstSeen = new HashMap<>();
  private final Map<String, Instant> unsignedSince = new HashMap<>();
  private static final Duration UNSIGNED_ROUND_GRACE = Duration.ofSeconds(30);

  /**
   * Every this many polls each open pull request is read again even when its {@code updated_at} did
   * not move: a bound on what an unchanged timestamp can hide (a reviewer given write access later,
   * a forge event that does not touch it).
   */
  static final int FULL_CHECK_EVERY = 10;

  /**
   * Trackers stamp {@code updated_at} to the second, so a change in the same second as the last one
   * leaves it as it was. A quiet check counts only once its pull request's stamp is this much older
   * than our clock: later changes then get a later stamp, with room for clocks this far apart (a
   * larger skew only delays a request until the next full check).
   */
  static final Duration STAMP_MARGIN = Duration.ofSeconds(5);

  private final Map<String, String> quietAt = new HashMap<>();
  private long polls;
  private final Map<String, Set<Integer>> known = new HashMap<>();
  private final LinkedBlockingQueue<String[]> activity = new LinkedBlockingQueue<>();
  private final ReentrantLock checking = new ReentrantLock();
  private volatile Thread thread;
  private volatile boolean closed;

  /**
   * @param capable whether this agent meets a task's requirements, given its labels ({@code
   *     needs:}, {@code model:}); asked before it takes a round of a task another agent did
   */
  public ReviewWatcher(
      List<WatchedRepo> repos,
      ReviewSettings settings,
      AgentIdentity me,
      Executor executor,
      Workspaces workspaces,
      RoundLog roundLog,
      java.nio.file.Path dataDir,
      Predicate<AgentIdentity> gone,
      Predicate<List<String>> capable,
      InstantSource clock) {
    this.gone = gone;
    this.capable = capable;
    this.repos = List.copyOf(repos);
    this.settings = settings;
    this.me = me;
    this.rounds = new ReviewRound(executor, workspaces, roundLog);
    this.ledger = new ReviewLedger(dataDir);
    this.clock = clock;
  }

  /** Starts polling on a virtual thread owned by this watcher. */
  public void start() {
    thread = Thread.ofVirtual().name("review-watcher").start(this::loop);
  }

  /**
   * Something happened on pull request {@code prNumber} of {@code repository} (a review, a
   * comment): check it now instead of at the next poll. Returns at once.
   */
  public void pullRequestActivity(String repository, int prNumber) {
    activity.add(new String[] {repository, Integer.toString(prNumber)});
  }

  private void loop() {
    while (!closed) {
      try {
        checkAll();
        String[] next =
            activity.poll(Math.max(1, settings.pollInterval().toMillis()), TimeUnit.MILLISECONDS);
        while (next != null && !closed) {
          String repository = next[0];
          int number = Integer.parseInt(next[1]);
          for (WatchedRepo r : repos) {
            if (r.repository().equals(repository)) {
              checkSafely(r, number);
            }
          }
          next = activity.poll();
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.atError().setCause(e).log("review check failed");
      }
    }
  }

  /**
   * One poll of every repository; what the loop does each interval (tests call it directly). A pull
   * request whose last check found nothing to do and whose {@code updated_at} has not moved since
   * is not read again, except on every {@link #FULL_CHECK_EVERY}th poll: the reads of an open pull
   * request (itself, its comments, reviews, line comments, claim branch) cost about six calls, and
   * every agent polls every open pull request.
   */
  public void checkAll() throws InterruptedException {
    boolean full = polls++ % FULL_CHECK_EVERY == 0;
    for (WatchedRepo repo : repos) {
      List<PullRequest> open;
      try {
        open = repo.reviews().openPullRequests();
      } catch (TrackerException e) {
        log.atWarn()
            .addKeyValue("repo", repo.repository())
            .log("cannot list pull requests: " + e.getMessage());
        continue;
      }
      Set<Integer> now = new HashSet<>();
      for (PullRequest p : open) {
        if (ClaimBranch.parse(p.head()).isPresent()) {
          now.add(p.number());
          String key = ReviewLedger.key(repo.repository(), p.number());
          boolean unchanged = !p.updatedAt().isEmpty() && p.updatedAt().equals(quietAt.get(key));
          if (full || !unchanged) {
            quietAt.remove(key);
            if (checkSafely(repo, p.number()) && settled(p.updatedAt())) {
              // the listing's stamp, read before the check: a change during it moves it again
              quietAt.put(key, p.updatedAt());
            }
          }
        }
      }
      // Pull requests that left the open list were merged or closed: end their tasks.
      Set<Integer> before = known.getOrDefault(repo.repository(), Set.of());
      for (int gone : before) {
        if (!now.contains(gone)) {
          quietAt.remove(ReviewLedger.key(repo.repository(), gone));
          checkSafely(repo, gone);
        }
      }
      known.put(repo.repository(), now);
    }
  }

  /** Whether any later change to a pull request stamped {@code updatedAt} gets another stamp. */
  private boolean settled(String updatedAt) {
    try {
      return !Instant.parse(updatedAt).plus(STAMP_MARGIN).isAfter(clock.instant());
    } catch (java.time.format.DateTimeParseException e) {
      return false; // no stamp we understand: read it every poll, as before
    }
  }

  /** Checks one pull request; true when there was nothing to do and nothing is under way. */
  private boolean checkSafely(WatchedRepo repo, int number) throws InterruptedException {
    try {
      return check(repo, number);
    } catch (TrackerException e) {
      if (!closed) { // interrupted by close() is not a tracker problem
        log.atWarn()
            .addKeyValue("repo", repo.repository())
            .addKeyValue("pull", number)
            .log("review check failed: " + e.getMessage());
      }
      return false;
    }
  }

  /**
   * Checks one pull request: ends it, or claims and runs a round when someone asked. Returns true
   * when it found nothing to do and no round under way (until the pull request changes, another
   * check would find the same).
   */
  public boolean check(WatchedRepo repo, int number) throws InterruptedException {
    checking.lock(); // one round at a time per agent; a webhook and the poll never overlap
    try {
      return checkLocked(repo, number);
    } finally {
      checking.unlock();
    }
  }

  private boolean checkLocked(WatchedRepo repo, int number) throws InterruptedException {
    if (ledger.ended(repo.repository(), number)) {
      return true;
    }
    PullStatus pull = repo.reviews().pullStatus(number);
    Optional<ClaimBranch> branch = ClaimBranch.parse(pull.pull().head());
    if (branch.isEmpty()) {
      return true; // not opened by a Bzzz agent
    }
    int task = branch.get().number();
    if (!pull.open()) {
      end(repo, task, pull);
      return true;
    }
    // read before the comments: a round claimed after this read loses its ref race to us, one
    // claimed before it is either signed in the comments or seen as in flight below
    Optional<Claim> current = repo.tracker().currentClaim(task);
    List<Comment> comments = repo.tracker().comments(number);
    List<Review> reviews = repo.reviews().reviews(number);
    List<ReviewComment> lines = repo.reviews().reviewComments(number);
    Predicate<String> isAgent = login -> isAgentLogin(repo, login);
    // every marker below is read from the agents' own comments only (docs/review.md)
    List<Comment> agentsSaid = MarkerAuthors.trusted(comments, isAgent, number);
    List<RoundMarker> markers = RoundMarker.in(agentsSaid, number, isAgent);
    Set<Integer> finished = RoundMarker.finished(agentsSaid, number, isAgent);
    Cursor cursor = ledger.cursor(repo.repository(), number);
    boolean underWay = false;
    for (Comment c : agentsSaid) {
      Optional<RoundMarker> m = RoundMarker.parse(c.body());
      if (m.isEmpty() || m.get().pull() != number) {
        continue;
      }
      // A round counts once it finished, or while its agent may still finish it. The requests of
      // an unfinished round whose agent the mesh confirms gone, or of one of ours that is not
      // running (we died in it and restarted: rounds run inside this check), are open again;
      // the next round's attempt fences the old one out.
      Optional<AgentIdentity> owner = ClaimMarker.ownerIn(c.body(), task);
      boolean open = m.get().kind().equals(RoundMarker.WORK) && !finished.contains(m.get().round());
      boolean abandoned =
          open && owner.map(o -> o.name().equals(me.name()) || gone.test(o)).orElse(false);
      if (abandoned) {
        log.atInfo()
            .addKeyValue("pull", number)
            .addKeyValue("round", m.get().round())
            .addKeyValue("agent", owner.get().name())
            .log("review round did not finish and its agent is gone; its requests are open again");
      } else {
        underWay |= open;
        cursor = cursor.max(m.get().cursor());
      }
    }
    Cursor seenAll =
        cursor.past(
            reviews.stream().map(Review::id).toList(),
            lines.stream().map(ReviewComment::id).toList(),
            comments.stream().map(Comment::id).toList());
    List<Trigger> asks =
        allowed(repo, Triggers.find(comments, reviews, lines, cursor, settings, isAgent));
    String key = ReviewLedger.key(repo.repository(), number);
    if (asks.isEmpty()) {
      firstSeen.remove(key);
      if (!underWay) {
        ledger.advance(repo.repository(), number, seenAll); // readers and agents: never again
      }
      return !underWay;
    }
    if (claimInFlight(repo, agentsSaid, isAgent, task, current, key)) {
      return false; // another agent won this round a moment ago and is about to say so
    }
    int attempt = current.map(Claim::attempt).orElse(1);
    if (!preferred(repo, agentsSaid, isAgent, task, current)) {
      if (!graceOver(key)) {
        return false; // the agent that did the work has the first go
      }
      if (!capable.test(repo.tracker().task(task).labels())) {
        // after the grace, any agent that could have done the task; not this one. Quiet for this
        // agent until the pull request changes (or the full check: the labels may change)
        return true;
      }
    }
    long worked = markers.stream().filter(m -> m.kind().equals(RoundMarker.WORK)).count();
    int round = markers.size() + 1;
    boolean limit = worked >= settings.maxRounds();
    RoundMarker marker =
        new RoundMarker(task, number, round, limit ? RoundMarker.LIMIT : RoundMarker.WORK, seenAll);
    String note =
        limit
            ? "Bzzz answered "
                + worked
                + " review rounds on this pull request, its limit"
                + " (`--review-max-rounds`); a human takes it from here."
            : "Bzzz agent **"
                + me.name()
                + "** picked up review round "
                + round
                + " ("
                + asks.size()
                + " request(s)): "
                + asks.stream().map(Trigger::where).distinct().toList();
    ClaimResult result =
        repo.reviews().claimRound(task, number, attempt, me, note + "\n\n" + marker.format());
    firstSeen.remove(key);
    if (!(result instanceof ClaimResult.Won won)) {
      log.atInfo()
          .addKeyValue("pull", number)
          .addKeyValue("round", round)
          .log("review round taken by another agent");
      return false;
    }
    if (limit) {
      askHuman(repo, task, number);
      ledger.advance(repo.repository(), number, seenAll);
      return false;
    }
    Task original = repo.tracker().task(task);
    log.atInfo()
        .addKeyValue("pull", number)
        .addKeyValue("round", round)
        .addKeyValue("attempt", won.claim().attempt())
        .log("review round claimed");
    try {
      rounds.run(repo, original, pull, won.claim(), round, asks);
    } finally {
      // Only once the round ran (a process that dies in it redoes it after a restart); also when
      // it threw, so an error that repeats cannot claim a new round at every check.
      ledger.advance(repo.repository(), number, seenAll);
    }
    return false; // its own replies moved the pull request: the next poll reads it once more
  }

  /** Requests from users with write access (and, for scripts, trusted authors). */
  private List<Trigger> allowed(WatchedRepo repo, List<Trigger> asks) {
    Map<String, Permission> seen = new HashMap<>();
    List<Trigger> out = new ArrayList<>();
    for (Trigger t : asks) {
      if (settings.requireTrusted() && !settings.isTrusted(t.author())) {
        continue;
      }
      Permission p =
          seen.computeIfAbsent(
              t.author(),
              a -> {
                try {
                  return repo.reviews().permission(a);
                } catch (TrackerException e) {
                  log.atWarn()
                      .addKeyValue("user", a)
                      .log("cannot read a permission: " + e.getMessage());
                  return Permission.NONE; // unknown means no: nothing runs on a guess
                }
              });
      if (p.atLeast(Permission.WRITE)) {
        out.add(t);
      }
    }
    return out;
  }

  /** Whether this agent did the latest work on the task (the original claim or the last round). */
  private boolean preferred(
      WatchedRepo repo,
      List<Comment> prComments,
      Predicate<String> isAgent,
      int task,
      Optional<Claim> current) {
    if (current.isEmpty()) {
      return true;
    }
    // the owner as the agents' own claim comments name it (a round's on the pull request, the
    // task's on the issue), not as any commenter could have typed it
    int attempt = current.get().attempt();
    Optional<AgentIdentity> owner = ClaimMarker.owner(prComments, task, attempt);
    if (owner.isEmpty()) {
      owner =
          ClaimMarker.owner(
              MarkerAuthors.trusted(repo.tracker().comments(task), isAgent, task), task, attempt);
    }
    return owner.map(o -> o.name().equals(me.name())).orElse(false);
  }

  /**
   * Whether the task's current claim is a round claimed a moment ago whose claim comment is not
   * there yet (its agent is between creating the ref and posting). Claiming the next attempt then
   * would fence a working round out and answer it twice. A claim still unsigned after {@link
   * #UNSIGNED_ROUND_GRACE} is one whose agent died in between: the next attempt fences it.
   */
  private boolean claimInFlight(
      WatchedRepo repo,
      List<Comment> prComments,
      Predicate<String> isAgent,
      int task,
      Optional<Claim> current,
      String key) {
    if (current.isEmpty() || current.get().attempt() < 2) {
      return false;
    }
    int attempt = current.get().attempt();
    if (ClaimMarker.owner(prComments, task, attempt).isPresent()
        || ClaimMarker.owner(
                MarkerAuthors.trusted(repo.tracker().comments(task), isAgent, task), task, attempt)
            .isPresent()) {
      unsignedSince.remove(key);
      return false;
    }
    Instant first = unsignedSince.computeIfAbsent(key, k -> clock.instant());
    return clock.instant().isBefore(first.plus(UNSIGNED_ROUND_GRACE));
  }

  private boolean graceOver(String key) {
    Instant first = firstSeen.computeIfAbsent(key, k -> clock.instant());
    return !clock.instant().isBefore(first.plus(settings.grace()));
  }

  private void askHuman(WatchedRepo repo, int task, int number) {
    try {
      repo.tracker().relabel(number, List.of(BzzzLabels.NEEDS_HUMAN), List.of());
      repo.tracker().relabel(task, List.of(BzzzLabels.NEEDS_HUMAN), List.of());
    } catch (TrackerException e) {
      log.atWarn().addKeyValue("pull", number).log("cannot label for a human: " + e.getMessage());
    }
  }

  /**
   * Merged: the issue is closed (where the tracker did not) and labelled. Closed unmerged: the work
   * was turned down, so the still-open issue is labelled for a human, who decides what comes next.
   * Either way the pull request is over for good.
   */
  private void end(WatchedRepo repo, int task, PullStatus pull) {
    int number = pull.pull().number();
    if (pull.merged()) {
      repo.tracker().relabel(task, List.of(BzzzLabels.MERGED), List.of(BzzzLabels.NEEDS_HUMAN));
      if (repo.tracker().task(task).state() == TaskState.OPEN) {
        repo.tracker().closeIssue(task);
      }
    } else if (repo.tracker().task(task).state() == TaskState.OPEN) {
      repo.tracker().relabel(task, List.of(BzzzLabels.NEEDS_HUMAN), List.of());
    }
    ledger.end(repo.repository(), number);
    log.atInfo()
        .addKeyValue("pull", number)
        .addKeyValue("task", task)
        .addKeyValue("merged", pull.merged())
        .log("pull request ended; its task is over");
  }

  /** The configured agent users, and the user this agent posts as on that tracker. */
  private boolean isAgentLogin(WatchedRepo repo, String login) {
    return settings.isAgent(login) || login.equalsIgnoreCase(repo.tracker().login());
  }

  @Override
  public void close() throws InterruptedException {
    closed = true;
    Thread t = thread;
    if (t != null) {
      t.interrupt();
      t.join();
    }
  }
}
