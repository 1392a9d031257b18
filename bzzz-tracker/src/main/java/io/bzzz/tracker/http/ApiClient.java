package io.bzzz.tracker.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.bzzz.tracker.TrackerException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON over HTTP to one tracker API with one token: authentication, conditional GETs, write pacing,
 * retries that follow the rate-limit headers, and errors mapped to {@link TrackerException}. Owns
 * its {@link HttpClient} and closes it in {@link #close}.
 */
public final class ApiClient implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ApiClient.class);

  /** How the token goes into {@code Authorization}: GitHub takes a bearer, Gitea {@code token}. */
  public enum AuthScheme {
    BEARER("Bearer "),
    TOKEN("token ");

    private final String prefix;

    AuthScheme(String prefix) {
      this.prefix = prefix;
    }
  }

  private final URI base;
  private final Optional<TokenSource> tokens;

  /** The last tokens sent, scrubbed from server text: an answer may echo the one it refused. */
  private volatile List<Token> recentlySent = List.of();

  private final AuthScheme scheme;
  private final Map<String, String> fixedHeaders;
  private final HttpPolicy policy;
  private final InstantSource clock;
  private final Sleeper sleeper;
  private final RetryRules rules;
  private final WritePacer pacer;
  private final CallObserver calls;
  private final EtagCache etags = new EtagCache(512);
  private final HttpClient http;
  private final ObjectMapper json;

  /**
   * @param base the API root, e.g. {@code https://api.github.com} or {@code http://h:3000/api/v1}
   * @param pacer shared by every client that uses the same token
   * @param calls told of every exchange, for metrics
   */
  public ApiClient(
      URI base,
      Optional<TokenSource> tokens,
      AuthScheme scheme,
      Map<String, String> fixedHeaders,
      HttpPolicy policy,
      InstantSource clock,
      Sleeper sleeper,
      RandomGenerator random,
      WritePacer pacer,
      CallObserver calls) {
    String text = base.toString();
    this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    if (!"http".equals(this.base.getScheme()) && !"https".equals(this.base.getScheme())) {
      throw new IllegalArgumentException("tracker URL must be http or https: " + base);
    }
    this.tokens = tokens;
    this.scheme = scheme;
    this.fixedHeaders = Map.copyOf(fixedHeaders);
    this.policy = policy;
    this.clock = clock;
    this.sleeper = sleeper;
    this.rules = new RetryRules(policy, random, this::redact);
    this.pacer = pacer;
    this.calls = calls;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(policy.requestTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.json = mapper();
  }

  /** A mapper whose limits bound what a hostile server can make us allocate. */
  public static ObjectMapper mapper() {
    ObjectMapper mapper = new ObjectMapper();
    mapper
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(64)
                .maxStringLength(8 << 20)
                .maxNumberLength(64)
                .build());
    return mapper;
  }

  public JsonNodeFactory nodes() {
    return json.getNodeFactory();
  }

  public URI base() {
    return base;
  }

  /** Sends {@code request}, retrying as {@link RetryRules} says; returns a 2xx or 304 answer. */
  public ApiReply send(ApiCall request) {
    URI uri = resolve(request.target());
    String what = request.method() + " " + uri.getRawPath();
    Optional<Token> token = tokens.map(TokenSource::current);
    boolean renewed = false;
    String route = ApiRoutes.of(belowBase(uri));
    for (int attempt = 1; ; attempt++) {
      RetryRules.Verdict verdict;
      ApiReply response = null;
      Optional<EtagCache.Cached> sentEtag = Optional.empty();
      try {
        if (request.isWrite()) {
          pacer.awaitTurn();
        }
        Optional<EtagCache.Cached> conditional =
            request.method().equals("GET") ? etags.get(uri.toString()) : Optional.empty();
        sentEtag = conditional;
        Optional<Token> sending = token;
        response =
            timed(
                request.method(), route, () -> exchange(request, uri, what, conditional, sending));
        verdict = rules.judge(response, attempt, clock.instant(), what);
        rateLimited(request.method(), route, response, verdict);
        if (response.status() == 401 && token.isPresent() && !renewed) {
          // A rotated file or an expired helper token: one retry with a new one, if there is one.
          renewed = true;
          Optional<Token> fresh = tokens.orElseThrow().renewAfterRejection(token.get());
          if (fresh.isPresent() && !fresh.get().equals(token.get())) {
            log.atInfo().addKeyValue("request", what).log("token refused; retrying with a new one");
            token = fresh;
            continue;
          }
        }
      } catch (IOException e) {
        // A refused connection never reached the server; anything later may have.
        boolean unknown =
            !(e instanceof ConnectException) && !(e.getCause() instanceof ConnectException);
        verdict = rules.connectionLost(attempt, what, e, unknown);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TrackerException.Unreachable(what + ": interrupted", e);
      }
      switch (verdict) {
        case RetryRules.Verdict.Accept accept -> {
          return response.status() == 304 ? cachedFor(sentEtag, what) : remember(uri, response);
        }
        case RetryRules.Verdict.Fail fail -> throw fail.error();
        case RetryRules.Verdict.Retry retry -> {
          log.atInfo()
              .addKeyValue("request", what)
              .addKeyValue("attempt", attempt)
              .addKeyValue("status", response == null ? "no answer" : response.status())
              .addKeyValue("wait_ms", retry.delay().toMillis())
              .log("tracker call will be retried");
          sleep(retry.delay(), what);
          if (retry.outcomeUnknown() && !request.isIdempotent() && request.probe().isPresent()) {
            Optional<JsonNode> done = request.probe().get().get();
            if (done.isPresent()) {
              log.atInfo().addKeyValue("request", what).log("write had succeeded; not repeated");
              return new ApiReply(201, Map.of(), done.get());
            }
          }
        }
      }
    }
  }

  /**
   * A 403 or 429 that {@link RetryRules} retries, or gives up on as {@link
   * TrackerException.RateLimited}, is a rate limit; other 403s fail as forbidden.
   */
  private void rateLimited(
      String method, String route, ApiReply response, RetryRules.Verdict verdict) {
    if (response.status() != 403 && response.status() != 429) {
      return;
    }
    switch (verdict) {
      case RetryRules.Verdict.Retry retry -> calls.rateLimited(method, route, retry.delay());
      case RetryRules.Verdict.Fail fail when fail.error() instanceof TrackerException.RateLimited ->
          calls.rateLimited(method, route, Duration.ZERO);
      default -> {}
    }
  }

  private interface Exchange {
    ApiReply run() throws IOException, InterruptedException;
  }

  /** One exchange, timed on the monotonic clock (a duration, not a point in time). */
  private ApiReply timed(String method, String route, Exchange exchange)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    OptionalInt status = OptionalInt.empty();
    try {
      ApiReply reply = exchange.run();
      status = OptionalInt.of(reply.status());
      return reply;
    } finally {
      calls.exchanged(method, route, status, Duration.ofNanos(System.nanoTime() - start));
    }
  }

  private String belowBase(URI uri) {
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    String root = base.getRawPath() == null ? "" : base.getRawPath();
    return path.startsWith(root) ? path.substring(root.length()) : path;
  }

  /** Shorthand: the JSON body of a successful call. */
  public JsonNode call(ApiCall request) {
    return send(request).body();
  }

  private ApiReply exchange(
      ApiCall request,
      URI uri,
      String what,
      Optional<EtagCache.Cached> conditional,
      Optional<Token> token)
      throws IOException, InterruptedException {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri)
            .timeout(policy.requestTimeout())
            .header("Accept", "application/json");
    fixedHeaders.forEach(builder::header);
    if (token.isPresent()) {
      noteSent(token.get());
      builder.header("Authorization", scheme.prefix + token.get().reveal());
    }
    if (request.body().isPresent()) {
      builder.header("Content-Type", "application/json");
      builder.method(
          request.method(),
          HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(request.body().get())));
    } else {
      builder.method(request.method(), HttpRequest.BodyPublishers.noBody());
      if (request.method().equals("GET")) {
        conditional.ifPresent(e -> builder.header("If-None-Match", e.etag()));
      }
    }
    HttpResponse<InputStream> raw;
    try {
      raw = http.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw new IOException("timed out after " + policy.requestTimeout(), e);
    }
    byte[] bytes = readBounded(raw, what);
    JsonNode body = parse(bytes, raw.statusCode(), what);
    log.atDebug()
        .addKeyValue("request", what)
        .addKeyValue("status", raw.statusCode())
        .log("tracker call");
    return new ApiReply(raw.statusCode(), raw.headers().map(), body);
  }

  private byte[] readBounded(HttpResponse<InputStream> raw, String what) throws IOException {
    long declared = raw.headers().firstValueAsLong("content-length").orElse(-1);
    try (InputStream in = raw.body()) {
      if (declared > policy.maxResponseBytes()) {
        throw new TrackerException.BadResponse(
            what + ": answer of " + declared + " bytes exceeds " + policy.maxResponseBytes(), null);
      }
      byte[] bytes = in.readNBytes(policy.maxResponseBytes() + 1);
      if (bytes.length > policy.maxResponseBytes()) {
        throw new TrackerException.BadResponse(
            what + ": answer exceeds " + policy.maxResponseBytes() + " bytes", null);
      }
      return bytes;
    }
  }

  private JsonNode parse(byte[] bytes, int status, String what) {
    if (bytes.length == 0 || status == 304) {
      return MissingNode.getInstance();
    }
    try {
      return json.readTree(bytes);
    } catch (JsonProcessingException e) {
      if (status >= 400) {
        // Error pages from proxies are HTML; the status says enough.
        return MissingNode.getInstance();
      }
      throw new TrackerException.BadResponse(
          what + ": malformed JSON in a " + status + " answer: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new TrackerException.BadResponse(what + ": unreadable answer", e);
    }
  }

  private ApiReply remember(URI uri, ApiReply response) {
    Optional<String> etag = response.header("etag");
    if (etag.isPresent() && response.status() == 200) {
      etags.put(uri.toString(), new EtagCache.Cached(etag.get(), response));
    }
    return response;
  }

  /** The page the 304 refers to: the one whose ETag we sent, even if evicted since. */
  private static ApiReply cachedFor(Optional<EtagCache.Cached> sent, String what) {
    return sent.map(EtagCache.Cached::response)
        .orElseThrow(
            () -> new TrackerException.BadResponse(what + ": 304 for a page never fetched", null));
  }

  private void noteSent(Token token) {
    List<Token> recent = recentlySent;
    if (!recent.contains(token)) {
      List<Token> next = new ArrayList<>(recent);
      next.addFirst(token);
      recentlySent = List.copyOf(next.subList(0, Math.min(next.size(), 3)));
    }
  }

  private String redact(String text) {
    String out = text;
    for (Token t : recentlySent) {
      out = t.redact(out);
    }
    return out;
  }

  /** Resolves a path or a same-origin absolute URL; the token never goes to another host. */
  URI resolve(String target) {
    if (target.startsWith("/")) {
      return URI.create(base + target);
    }
    URI uri = URI.create(target);
    if (!base.getScheme().equals(uri.getScheme())
        || !base.getHost().equalsIgnoreCase(uri.getHost())
        || base.getPort() != uri.getPort()) {
      throw new TrackerException.BadResponse(
          "refusing to follow a link to another origin: " + uri.getHost(), null);
    }
    return uri;
  }

  private void sleep(Duration wait, String what) {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TrackerException.Unreachable(what + ": interrupted while waiting to retry", e);
    }
  }

  @Override
  public void close() {
    http.close();
  }
}
