package io.bzzz.agent.runtime;

import io.bzzz.agent.config.AgentConfig;
import io.bzzz.agent.config.Credential;
import io.bzzz.agent.council.BriefFiler;
import io.bzzz.agent.workspace.GitCredentials;
import io.bzzz.tracker.RepoRef;
import io.bzzz.tracker.Tracker;
import io.bzzz.tracker.client.TrackerKind;
import io.bzzz.tracker.http.CallObserver;
import io.bzzz.tracker.http.HttpPolicy;
import io.bzzz.tracker.http.Token;
import io.bzzz.tracker.http.TokenSource;
import io.bzzz.tracker.http.TrackerEndpoint;
import io.bzzz.tracker.result.JGitPush;
import io.bzzz.tracker.result.ResultWorkflow;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The one place in the agent that knows tracker kinds beyond their names: opens a client per
 * watched repository and picks the git user name each forge expects with a token. The switches are
 * exhaustive, so a new {@link TrackerKind} does not compile until it is handled here and in {@link
 * io.bzzz.agent.task.TrackerTasks#meshName}.
 */
final class TrackerConnections {
  private TrackerConnections() {}

  /**
   * Opens one client per {@code --repo} and ensures the task labels (deferred while the tracker is
   * away); the caller closes them.
   *
   * @param calls told of every HTTP exchange with the tracker (latency metrics)
   */
  static List<RepoHandle> open(AgentConfig.Tracker config, CallObserver calls) {
    return open(config, calls, UnaryOperator.identity());
  }

  /** As above; {@code adjust} changes the kind's HTTP policy (tests shorten its backoff). */
  static List<RepoHandle> open(
      AgentConfig.Tracker config, CallObserver calls, UnaryOperator<HttpPolicy> adjust) {
    TrackerKind kind = config.kind();
    Optional<TokenSource> tokens = config.token().map(CredentialTokens::new);
    List<RepoHandle> out = new ArrayList<>();
    for (String repo : config.repos()) {
      TrackerEndpoint endpoint =
          TrackerEndpoint.of(
                  config.url(),
                  RepoRef.parse(repo),
                  Optional.empty(),
                  adjust.apply(kind.defaultPolicy()))
              .withCalls(calls);
      Tracker tracker = kind.open(tokens.map(endpoint::withTokens).orElse(endpoint));
      TrackerLabels labels = new TrackerLabels(repo, tracker);
      labels.ensureAtStart();
      // The git user is asked of the tracker at the first push, not here: a start during an
      // outage must not fail on it.
      ResultWorkflow results =
          new ResultWorkflow(
              tracker,
              new JGitPush(
                  () -> gitUser(kind, tracker),
                  tokens.orElse(TokenSource.fixed(Token.of("none")))));
      out.add(new RepoHandle(repo, kind, tracker, results, labels));
    }
    return out;
  }

  /**
   * Opens clients that act as a caller's account (a brief asked for over HTTP), with the same kind,
   * URL and HTTP policy as the agent's own clients.
   */
  static BriefFiler briefFiler(AgentConfig.Tracker config, UnaryOperator<HttpPolicy> adjust) {
    TrackerKind kind = config.kind();
    return (repo, token) ->
        kind.open(
            TrackerEndpoint.of(
                    config.url(),
                    RepoRef.parse(repo),
                    Optional.empty(),
                    adjust.apply(kind.defaultPolicy()))
                .withTokens(TokenSource.fixed(token)));
  }

  /** Credentials for cloning from {@code tracker}: the same user name as for pushing to it. */
  static Optional<GitCredentials> gitCredentials(
      TrackerKind kind, Tracker tracker, Optional<Credential> token) {
    return token.map(
        t ->
            switch (kind) {
              case GITHUB -> GitCredentials.github(t);
              case GITEA -> GitCredentials.gitea(tracker::login, t);
            });
  }

  /**
   * GitHub takes a token as the password of the user {@code x-access-token}; Gitea (and the local
   * tracker) want the token's owner.
   */
  private static String gitUser(TrackerKind kind, Tracker tracker) {
    return switch (kind) {
      case GITHUB -> "x-access-token";
      case GITEA -> tracker.login();
    };
  }
}
