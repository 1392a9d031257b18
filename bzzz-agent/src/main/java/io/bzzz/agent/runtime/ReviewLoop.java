package io.bzzz.agent.runtime;

import io.bzzz.agent.config.AgentConfig;
import io.bzzz.agent.coordination.PeerTable;
import io.bzzz.agent.exec.Executor;
import io.bzzz.agent.review.ReviewSettings;
import io.bzzz.agent.review.ReviewWatcher;
import io.bzzz.agent.review.WatchedRepo;
import io.bzzz.agent.task.TrackerTasks;
import io.bzzz.agent.workspace.Workspaces;
import io.bzzz.log.entry.EntryType;
import io.bzzz.tracker.AgentIdentity;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/** Builds the review loop (docs/review.md) from the agent's configuration and parts. */
final class ReviewLoop {
  private ReviewLoop() {}

  static Optional<ReviewWatcher> create(
      AgentConfig config,
      List<RepoHandle> repos,
      AgentIdentity me,
      Executor executor,
      Workspaces workspaces,
      Journal journal,
      PeerTable peers,
      java.util.function.Predicate<List<String>> capable,
      InstantSource clock) {
    AgentConfig.Review r = config.review();
    if (!r.enabled()) {
      return Optional.empty();
    }
    List<WatchedRepo> watched =
        repos.stream()
            .flatMap(
                h ->
                    WatchedRepo.of(h.repository(), TrackerTasks.meshName(h.kind()), h.tracker())
                        .stream())
            .toList();
    boolean script = config.execution().executor() == AgentConfig.ExecutorKind.SCRIPT;
    ReviewSettings settings =
        new ReviewSettings(
            r.handle(),
            r.maxRounds(),
            r.grace(),
            config.pollInterval(),
            new HashSet<>(r.agentUsers()),
            config.execution().trustedAuthors(),
            script);
    return Optional.of(
        new ReviewWatcher(
            watched,
            settings,
            me,
            executor,
            workspaces,
            (task, fields) -> journal.task(EntryType.TASK_PROGRESS, task, fields),
            config.dataDir(),
            agent ->
                agent
                    .peerId()
                    .map(
                        p -> {
                          peers.watch(p); // judged even if this agent never heard it
                          return peers.isGone(p);
                        })
                    .orElse(false),
            capable,
            clock));
  }
}
