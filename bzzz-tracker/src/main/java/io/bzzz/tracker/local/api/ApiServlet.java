package io.bzzz.tracker.local.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bzzz.tracker.local.auth.Authenticator;
import io.bzzz.tracker.local.auth.BadCredentials;
import io.bzzz.tracker.local.auth.LoginThrottled;
import io.bzzz.tracker.local.server.RedactedFailure;
import io.bzzz.tracker.local.store.Account;
import io.bzzz.tracker.local.store.Conflict;
import io.bzzz.tracker.local.store.Invalid;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code /api/v1} endpoint: reads the body within its limit, authenticates, routes, and writes
 * the JSON answer or a Gitea-shaped error ({@code {"message","url"}}). No handler sees the servlet
 * API.
 */
public final class ApiServlet extends HttpServlet {
  private static final Logger log = LoggerFactory.getLogger(ApiServlet.class);

  private final transient Router router;
  private final transient Authenticator authenticator;
  private final transient ObjectMapper json;
  private final String baseUrl;
  private final long maxBodyBytes;

  ApiServlet(
      Router router,
      Authenticator authenticator,
      ObjectMapper json,
      String baseUrl,
      long maxBodyBytes) {
    this.router = router;
    this.authenticator = authenticator;
    this.json = json;
    this.baseUrl = baseUrl;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = apiPath(req);
    Optional<Account> viewer = Optional.empty();
    ApiResponse answer;
    try {
      byte[] body = readBody(req);
      viewer =
          authenticator.authenticate(
              Optional.ofNullable(req.getHeader("Authorization")), req.getRemoteAddr());
      answer = handle(req, path, body, viewer);
    } catch (ApiException e) {
      answer = error(e.status(), e.getMessage());
    } catch (Conflict e) {
      answer = error(409, e.getMessage());
    } catch (Invalid e) {
      answer = error(422, e.getMessage());
    } catch (LoginThrottled e) {
      answer =
          error(429, e.getMessage())
              .withHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
    } catch (BadCredentials e) {
      answer = error(401, e.getMessage());
    } catch (RuntimeException e) {
      // Only the exception's class and stack: a library's message may quote a file it read.
      log.atError()
          .addKeyValue("method", req.getMethod())
          .addKeyValue("path", path)
          .addKeyValue("error", e.getClass().getName())
          .setCause(RedactedFailure.of(e))
          .log("request failed");
      answer = error(500, "internal server error");
    }
    write(resp, answer, viewer);
  }

  private ApiResponse handle(
      HttpServletRequest req, String path, byte[] body, Optional<Account> user) {
    List<String> segments = new ArrayList<>();
    for (String raw : path.substring(1).split("/", -1)) {
      segments.add(decodeSegment(raw));
    }
    Router.Match match = router.find(req.getMethod(), segments);
    ApiRequest request =
        new ApiRequest(
            req.getMethod(),
            "/api/v1" + path,
            match.params(),
            query(req.getQueryString()),
            body,
            user,
            json);
    return match.route().handler().handle(request);
  }

  /**
   * The path below {@code /api/v1}, still encoded: segments are decoded one by one, so that an
   * encoded slash stays inside its segment (branch names contain slashes).
   */
  private static String apiPath(HttpServletRequest req) {
    String uri = req.getRequestURI();
    String prefix = req.getContextPath() + req.getServletPath();
    String rest = uri.startsWith(prefix) ? uri.substring(prefix.length()) : uri;
    return rest.isEmpty() ? "/" : rest;
  }

  private static String decodeSegment(String raw) {
    try {
      return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound();
    }
  }

  /** Reads the body, refusing (413) one larger than the limit before buffering it. */
  private byte[] readBody(HttpServletRequest req) throws IOException {
    long declared = req.getContentLengthLong();
    if (declared > maxBodyBytes) {
      throw new ApiException(413, "request body is larger than " + maxBodyBytes + " bytes");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    try (InputStream in = req.getInputStream()) {
      int n;
      while ((n = in.read(buf)) > 0) {
        if (out.size() + n > maxBodyBytes) {
          throw new ApiException(413, "request body is larger than " + maxBodyBytes + " bytes");
        }
        out.write(buf, 0, n);
      }
    }
    return out.toByteArray();
  }

  private static Map<String, List<String>> query(String raw) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        out.computeIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8), x -> new ArrayList<>())
            .add(URLDecoder.decode(v, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw ApiException.unprocessable("malformed query string");
      }
    }
    return out;
  }

  private ApiResponse error(int status, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (status == 404) {
      body.put("errors", List.of());
    }
    body.put("message", message);
    body.put("url", baseUrl + "/api/swagger");
    return new ApiResponse(status, Optional.of(body), Map.of());
  }

  /** Writes the answer as {@code viewer} may see it (see {@link PrivateEmail}). */
  private void write(HttpServletResponse resp, ApiResponse answer, Optional<Account> viewer)
      throws IOException {
    resp.setStatus(answer.status());
    answer.headers().forEach(resp::setHeader);
    if (answer.body().isEmpty()) {
      return;
    }
    byte[] bytes =
        viewer
            .map(v -> json.writer().withAttribute(PrivateEmail.VIEWER, v))
            .orElseGet(json::writer)
            .writeValueAsBytes(answer.body().get());
    resp.setContentType("application/json;charset=utf-8");
    resp.setContentLength(bytes.length);
    resp.getOutputStream().write(bytes);
  }
}
