package io.bzzz.tracker.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scripted fake of a forge's REST API on a real loopback socket. Subclasses register routes;
 * tests inject faults ({@link #fail}) and read the request log.
 */
public abstract class FakeServer implements AutoCloseable {
  public static final ObjectMapper JSON = new ObjectMapper();

  /** One request as the server saw it. */
  public record Seen(String method, String path, Map<String, String> headers, String body) {}

  /** A reply: status, headers, JSON body (or none). */
  public record Reply(int status, Map<String, String> headers, Object body) {
    public static Reply json(int status, Object body) {
      return new Reply(status, Map.of(), body);
    }

    public static Reply message(int status, String message) {
      return new Reply(status, Map.of(), Map.of("message", message));
    }

    public Reply with(String header, String value) {
      Map<String, String> h = new HashMap<>(headers);
      h.put(header, value);
      return new Reply(status, h, body);
    }
  }

  /** The request a route handles: path groups, query, parsed body. */
  public record Call(Matcher path, Map<String, String> query, JsonNode body, Seen seen) {
    public String group(int i) {
      return URLDecoder.decode(path.group(i), StandardCharsets.UTF_8);
    }

    public int intGroup(int i) {
      return Integer.parseInt(path.group(i));
    }

    public String query(String name, String fallback) {
      return query.getOrDefault(name, fallback);
    }
  }

  /**
   * A fault: the next {@code times} matching requests get {@code reply}, before or after effect.
   */
  private record Fault(
      String method, Pattern path, Reply reply, boolean applyFirst, boolean drop, int[] left) {}

  private record Route(String method, Pattern path, Function<Call, Reply> handler) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final List<Route> routes = new ArrayList<>();
  private final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();
  private final List<Seen> log = new CopyOnWriteArrayList<>();
  protected final ForgeModel model;
  protected volatile String token;

  private final String prefix;

  protected FakeServer(ForgeModel model, String token) {
    this(model, token, "");
  }

  /** {@code prefix}: where the API is mounted, e.g. {@code /api/v3} on GitHub Enterprise. */
  protected FakeServer(ForgeModel model, String token, String prefix) {
    this.model = model;
    this.token = token;
    this.prefix = prefix;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(executor);
  }

  protected final void start() {
    server.createContext("/", this::handle);
    server.start();
  }

  public ForgeModel model() {
    return model;
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public List<Seen> requests() {
    return List.copyOf(log);
  }

  public long count(String method, String pathRegex) {
    Pattern p = Pattern.compile(pathRegex);
    return log.stream()
        .filter(s -> s.method().equals(method) && p.matcher(s.path()).matches())
        .count();
  }

  public void clearLog() {
    log.clear();
  }

  /** The next {@code times} requests matching answer {@code reply} without any effect. */
  public void fail(String method, String pathRegex, int times, Reply reply) {
    faults.add(
        new Fault(method, Pattern.compile(pathRegex), reply, false, false, new int[] {times}));
  }

  /** The next matching request takes effect, then answers {@code reply}: its outcome is unknown. */
  public void failAfterEffect(String method, String pathRegex, Reply reply) {
    faults.add(new Fault(method, Pattern.compile(pathRegex), reply, true, false, new int[] {1}));
  }

  /** The next matching request takes effect, then the connection is cut without an answer. */
  public void dropAfterEffect(String method, String pathRegex) {
    faults.add(new Fault(method, Pattern.compile(pathRegex), null, true, true, new int[] {1}));
  }

  protected final void route(String method, String regex, Function<Call, Reply> handler) {
    routes.add(new Route(method, Pattern.compile(regex), handler));
  }

  /** Whether the Authorization header carries the token; subclasses decide the schemes. */
  protected abstract boolean authorized(String authorization);

  protected abstract Reply unauthorized();

  protected abstract Reply notFound();

  /** Headers every answer carries (rate limit counters, for GitHub). */
  protected Map<String, String> commonHeaders() {
    return Map.of();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Map<String, String> headers = new HashMap<>();
      ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
      String path = ex.getRequestURI().getRawPath();
      Seen seen = new Seen(ex.getRequestMethod(), path, headers, body);
      log.add(seen);
      Fault fault = takeFault(seen);
      if (fault != null && !fault.applyFirst()) {
        send(ex, fault.reply(), headers);
        return;
      }
      if (!authorized(headers.getOrDefault("authorization", ""))) {
        send(ex, unauthorized(), headers);
        return;
      }
      Reply reply = dispatch(seen, ex.getRequestURI().getRawQuery(), body);
      if (fault != null) {
        if (fault.drop()) {
          return; // closing without a response: the client sees the connection end
        }
        reply = fault.reply();
      }
      send(ex, reply, headers);
    }
  }

  private Fault takeFault(Seen seen) {
    for (Fault f : faults) {
      if (f.method().equals(seen.method()) && f.path().matcher(seen.path()).matches()) {
        synchronized (f.left()) {
          if (f.left()[0] > 0) {
            f.left()[0]--;
            if (f.left()[0] == 0) {
              faults.remove(f);
            }
            return f;
          }
        }
      }
    }
    return null;
  }

  private Reply dispatch(Seen seen, String rawQuery, String body) {
    if (!seen.path().startsWith(prefix)) {
      return notFound();
    }
    String path = seen.path().substring(prefix.length());
    boolean pathKnown = false;
    for (Route r : routes) {
      Matcher m = r.path().matcher(path);
      if (!m.matches()) {
        continue;
      }
      pathKnown = true;
      if (!r.method().equals(seen.method())) {
        continue;
      }
      JsonNode json;
      try {
        json = body.isEmpty() ? MissingNode.getInstance() : JSON.readTree(body);
      } catch (IOException e) {
        return Reply.message(400, "Problems parsing JSON");
      }
      return r.handler().apply(new Call(m, query(rawQuery), json, seen));
    }
    return pathKnown ? Reply.message(405, "Method Not Allowed") : notFound();
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private void send(HttpExchange ex, Reply reply, Map<String, String> requestHeaders)
      throws IOException {
    byte[] bytes =
        reply.body() == null
            ? new byte[0]
            : reply.body() instanceof byte[] raw ? raw : JSON.writeValueAsBytes(reply.body());
    commonHeaders().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    reply.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    if (bytes.length > 0) {
      ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    }
    String etag = ex.getResponseHeaders().getFirst("ETag");
    if (reply.status() == 200 && etag != null && etag.equals(requestHeaders.get("if-none-match"))) {
      ex.sendResponseHeaders(304, -1);
      return;
    }
    boolean noBody = reply.status() == 204 || reply.status() == 304 || bytes.length == 0;
    ex.sendResponseHeaders(reply.status(), noBody ? -1 : bytes.length);
    if (!noBody) {
      ex.getResponseBody().write(bytes);
    }
  }

  /** Paging by {@code page} and a size, with an RFC 8288 Link header like both forges send. */
  protected Reply page(List<?> all, Call call, String sizeParam, int defaultSize, int maxSize) {
    int size = Math.min(maxSize, Integer.parseInt(call.query(sizeParam, "" + defaultSize)));
    int page = Math.max(1, Integer.parseInt(call.query("page", "1")));
    int from = Math.min(all.size(), (page - 1) * size);
    int to = Math.min(all.size(), from + size);
    Reply reply = Reply.json(200, all.subList(from, to));
    String self = url() + call.seen().path();
    List<String> links = new ArrayList<>();
    if (to < all.size()) {
      links.add("<" + withPage(self, call.query(), page + 1) + ">; rel=\"next\"");
      int last = (all.size() + size - 1) / size;
      links.add("<" + withPage(self, call.query(), last) + ">; rel=\"last\"");
    }
    if (!links.isEmpty()) {
      reply = reply.with("Link", String.join(", ", links));
    }
    return reply.with("X-Total-Count", "" + all.size());
  }

  private static String withPage(String self, Map<String, String> query, int page) {
    Map<String, String> q = new java.util.TreeMap<>(query);
    q.put("page", "" + page);
    StringBuilder s = new StringBuilder(self).append('?');
    q.forEach(
        (k, v) ->
            s.append(k)
                .append('=')
                .append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8))
                .append('&'));
    return s.substring(0, s.length() - 1);
  }

  /** Makes the given token the only valid one (to test a wrong token). */
  public void acceptToken(String newToken) {
    this.token = newToken;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.close();
  }
}
