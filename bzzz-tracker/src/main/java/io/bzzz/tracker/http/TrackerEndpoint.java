package io.bzzz.tracker.http;

import io.bzzz.tracker.RepoRef;
import java.net.URI;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Everything needed to talk to one repository on one tracker; the adapters turn it into an {@link
 * ApiClient} with their own authentication scheme and headers.
 *
 * @param url the tracker's API root: {@code https://api.github.com}, {@code
 *     https://ghe.example/api/v3}, or a Gitea/local tracker root ({@code /api/v1} is added when
 *     missing)
 * @param pacer shared between connections that use the same token
 * @param calls told of every HTTP exchange (for metrics); {@link CallObserver#NONE} by default
 */
public record TrackerEndpoint(
    URI url,
    RepoRef repo,
    Optional<TokenSource> tokens,
    HttpPolicy policy,
    InstantSource clock,
    Sleeper sleeper,
    RandomGenerator random,
    WritePacer pacer,
    CallObserver calls) {

  /** An endpoint whose calls nobody observes. */
  public TrackerEndpoint(
      URI url,
      RepoRef repo,
      Optional<TokenSource> tokens,
      HttpPolicy policy,
      InstantSource clock,
      Sleeper sleeper,
      RandomGenerator random,
      WritePacer pacer) {
    this(url, repo, tokens, policy, clock, sleeper, random, pacer, CallObserver.NONE);
  }

  /** The same endpoint, its HTTP exchanges told to {@code observer}. */
  public TrackerEndpoint withCalls(CallObserver observer) {
    return new TrackerEndpoint(url, repo, tokens, policy, clock, sleeper, random, pacer, observer);
  }

  /** Real time, real sleeps, the default policy. */
  public static TrackerEndpoint of(URI url, RepoRef repo, Optional<Token> token) {
    return of(url, repo, token, HttpPolicy.defaults());
  }

  public static TrackerEndpoint of(
      URI url, RepoRef repo, Optional<Token> token, HttpPolicy policy) {
    InstantSource clock = InstantSource.system();
    return new TrackerEndpoint(
        url,
        repo,
        token.map(TokenSource::fixed),
        policy,
        clock,
        Sleeper.REAL,
        new java.security.SecureRandom(),
        new WritePacer(policy.minWriteInterval(), clock, Sleeper.REAL));
  }

  /** The same endpoint with tokens from {@code tokens}: a rotated file, a credential helper. */
  public TrackerEndpoint withTokens(TokenSource tokens) {
    return new TrackerEndpoint(
        url, repo, Optional.of(tokens), policy, clock, sleeper, random, pacer, calls);
  }

  public ApiClient open(URI apiBase, ApiClient.AuthScheme scheme, Map<String, String> headers) {
    return new ApiClient(
        apiBase, tokens, scheme, headers, policy, clock, sleeper, random, pacer, calls);
  }
}
